/**
 * What sd-scripts ends up with from the files DPGui writes, worked out as sd-scripts does it, from the
 * facts generated from its source (never hand-copied): the `--config_file` TOML's keys over the
 * entry script's argparse defaults (train_util.read_config_from_file, generated-options.json), and
 * each subset's and dataset's params from the `--dataset_config` TOML falling back to [general], the
 * argparse namespace and the params dataclass' defaults (config_util.BlueprintGenerator,
 * generated-dataset-defaults.json).
 */
import { parse } from 'smol-toml';
import { isJsonObject, type WrittenFile } from '../../../shared/trainers/common';
import type { SdFamily } from '../../../shared/trainers/sd-scripts/families';
import {
  argparseDefaults,
  argparseToConfig,
  datasetFacts,
  paramsClasses,
  type ParamsClass,
} from '../../../shared/trainers/sd-scripts/own-defaults';

export { argparseDefaults, datasetFacts };

type Table = Record<string, unknown>;

export interface SdScriptsReading {
  /** args after read_config_from_file: the config TOML's keys (sections flattened) over the defaults. */
  args: Table;
  /** The value a subset's params field ends up with. */
  subset(index: number, key: string): unknown;
  /** The value the (first) dataset's params field ends up with. */
  dataset(key: string): unknown;
  subsetParams: ReadonlySet<string>;
  datasetParams: ReadonlySet<string>;
}

/** The first value that is not None (BlueprintGenerator.search_value), else the dataclass default. */
function searchValue(key: string, fallbacks: Table[], dflt: unknown): unknown {
  for (const table of fallbacks) {
    const value = table[key];
    if (value !== undefined && value !== null) return value;
  }
  return dflt;
}

export function readAsSdScripts(family: SdFamily, files: readonly WrittenFile[]): SdScriptsReading {
  const text = (role: string): string => files.find((f) => f.role === role)?.content ?? '';
  const config = parse(text('config')) as Table;
  const flat: Table = {};
  for (const [key, value] of Object.entries(config)) {
    if (isJsonObject(value)) Object.assign(flat, value);
    else flat[key] = value;
  }
  const args: Table = { ...argparseDefaults(family), ...flat };
  const argparseConfig: Table = Object.fromEntries(
    Object.entries(args).map(([key, value]) => [argparseToConfig[key] ?? key, value]),
  );

  const dataset = parse(text('dataset')) as Table;
  const general = isJsonObject(dataset.general) ? dataset.general : {};
  const datasets = Array.isArray(dataset.datasets) ? (dataset.datasets as Table[]) : [];
  const first = datasets[0] ?? {};
  const subsets = Array.isArray(first.subsets) ? (first.subsets as Table[]) : [];
  // config_util: ControlNet params when the sanitizer supports them (masked_loss) and every subset
  // has a conditioning folder; else DreamBooth params (DPGui writes no metadata_file).
  const controlNet =
    args.masked_loss === true && subsets.length > 0 && subsets.every((s) => 'conditioning_data_dir' in s);
  const subsetClass = paramsClasses[controlNet ? 'ControlNetSubsetParams' : 'DreamBoothSubsetParams'];
  const datasetClass = paramsClasses[controlNet ? 'ControlNetDatasetParams' : 'DreamBoothDatasetParams'];
  if (!subsetClass || !datasetClass) throw new Error('generated-dataset-defaults.json lacks a params class');
  const defaultOf = (cls: ParamsClass, key: string): unknown => {
    const dflt = cls.fields[key]?.default;
    return isJsonObject(dflt) ? undefined : dflt;
  };
  return {
    args,
    subset: (index, key) =>
      searchValue(key, [subsets[index] ?? {}, first, general, argparseConfig], defaultOf(subsetClass, key)),
    dataset: (key) => searchValue(key, [first, general, argparseConfig], defaultOf(datasetClass, key)),
    subsetParams: new Set(Object.keys(subsetClass.fields)),
    datasetParams: new Set(Object.keys(datasetClass.fields)),
  };
}
