/**
 * What sd-scripts itself uses for a key DPGui does not write, from the facts generated from its source
 * (never hand-copied): an option of the entry script takes its argparse default
 * (generated-options.json); a [general] or subset key of the dataset TOML falls back to the argparse
 * namespace (a few options renamed), then to the params dataclass' default
 * (config_util.BlueprintGenerator, generated-dataset-defaults.json).
 */
import { generatedOptions } from './advanced-fields';
import { scriptOfFamily, type SdFamily } from './families';
import datasetFacts from './generated-dataset-defaults.json';

export { datasetFacts };

export interface ParamsClass {
  inherits: string[];
  fields: Record<string, { type: string; default: unknown; definedAt: string }>;
}
export const paramsClasses = datasetFacts.params as Record<string, ParamsClass>;
/** argparse name → dataset TOML name ("train_batch_size" → "batch_size"). */
export const argparseToConfig = datasetFacts.argparseToConfig.names as Record<string, string>;
const configToArgparse = Object.fromEntries(Object.entries(argparseToConfig).map(([a, c]) => [c, a]));

const namespaces = new Map<SdFamily, Record<string, unknown>>();

/** The argparse namespace an entry script starts from: each option's default (store_true: False). */
export function argparseDefaults(family: SdFamily): Record<string, unknown> {
  const known = namespaces.get(family);
  if (known) return { ...known };
  const script = scriptOfFamily[family];
  const out: Record<string, unknown> = {};
  for (const option of generatedOptions) {
    if (!option.scripts.includes(script)) continue;
    const byScript = option.defaultByScript;
    const dflt = byScript && script in byScript ? byScript[script] : option.default;
    if (option.action === 'store_true') out[option.name] = option.hasDefault ? dflt : false;
    else if (option.action === 'store_false') out[option.name] = option.hasDefault ? dflt : true;
    else out[option.name] = dflt;
  }
  namespaces.set(family, out);
  return { ...out };
}

/** A dataclass default; one written as an expression (a factory) is not known here. */
function classDefault(cls: ParamsClass | undefined, key: string): unknown {
  const dflt = cls?.fields[key]?.default;
  return typeof dflt === 'object' && dflt !== null && !Array.isArray(dflt) ? undefined : dflt;
}

/**
 * The value sd-scripts ends up with for a key DPGui leaves out: of the entry script's options
 * (`where: 'config'`), or of the dataset TOML's [general] and folder tables (`'dataset'`, with no
 * other table setting it). null where sd-scripts uses nothing (None).
 */
export function sdScriptsOwnValue(family: SdFamily, key: string, where: 'config' | 'dataset'): unknown {
  const fromArgparse = argparseDefaults(family)[where === 'dataset' ? (configToArgparse[key] ?? key) : key];
  if (where === 'config' || (fromArgparse !== undefined && fromArgparse !== null))
    return fromArgparse ?? null;
  const datasetClass = paramsClasses.DreamBoothDatasetParams;
  const subsetClass = paramsClasses.DreamBoothSubsetParams;
  return (
    (key in (datasetClass?.fields ?? {})
      ? classDefault(datasetClass, key)
      : classDefault(subsetClass, key)) ?? null
  );
}
