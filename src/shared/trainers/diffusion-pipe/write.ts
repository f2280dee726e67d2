/**
 * Writes what diffusion-pipe reads: the main config TOML (`train.py --config`), the dataset TOML it
 * names, and one dataset TOML per eval dataset. Typed by the schema (a float field is `1.0`), greyed
 * and empty fields left out, confirmed pass-through keys added last. Pure: same config, same bytes.
 */
import { dpguiHeader } from '../common/header';
import { addPassThrough } from '../common/pass-through';
import { greyedFields, type GreyedField } from '../common/schema-walk';
import { joinPath } from '../common/world-checks';
import { typedBySchema, emitToml, type TomlTable, type TomlValue } from '../common/toml-emitter';
import type { FieldSchema, TrainerConfig, WriteContext, WriteResult } from '../common/types';
import { modelTypeLabel } from './families';
import { datasetKeys, schema } from './schema';

export const configFileName = 'config.toml';
export const datasetFileName = 'dataset.toml';
export const evalDatasetFileName = (index: number): string => `eval-dataset-${index + 1}.toml`;

/** Top-level values that are tables or files of their own, not plain keys of the main config. */
const notPlainKeys = new Set([
  'model',
  'adapter',
  'optimizer',
  'monitoring',
  'dataset',
  'eval_datasets',
  'output_dir',
]);

/** A record or an empty one: the writers take any value and never throw on a wrong shape. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asRecords(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asRecord) : [];
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** The values with greyed and empty fields taken out (a copy), following the schema. */
export function writtenValues(
  value: unknown,
  fieldSchema: FieldSchema | undefined,
  path: string,
  greyed: readonly GreyedField[],
): unknown {
  return keptValues(value, fieldSchema, path, new Set(greyed.map((g) => g.path)));
}

// Walked from the top, so a greyed object is cut off before its children: an exact lookup suffices.
function keptValues(
  value: unknown,
  fieldSchema: FieldSchema | undefined,
  path: string,
  greyed: ReadonlySet<string>,
): unknown {
  if (greyed.has(path)) return undefined;
  if (isEmpty(value)) return undefined;
  const at = (key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    const items = value
      .map((item, index) => keptValues(item, fieldSchema?.items, at(index), greyed))
      .filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const kept = keptValues(child, fieldSchema?.properties?.[key], at(key), greyed);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
}

function typedTable(
  values: Record<string, unknown>,
  tableSchema: FieldSchema | undefined,
  keys?: readonly string[],
): TomlTable {
  const table: TomlTable = {};
  for (const key of keys ?? Object.keys(tableSchema?.properties ?? {})) {
    if (!(key in values)) continue;
    table[key] = typedBySchema(values[key], tableSchema?.properties?.[key]);
  }
  return table;
}

const activationCheckpointing: Record<string, TomlValue> = { off: false, on: true, unsloth: 'unsloth' };

function datasetTable(dataset: Record<string, unknown>, directories: Record<string, unknown>[]): TomlTable {
  const datasetSchema = schema.properties.dataset;
  const table = typedTable(dataset, datasetSchema, datasetKeys);
  const directorySchema = datasetSchema?.properties?.directories?.items;
  table.directory = directories.map((directory) => typedTable(directory, directorySchema));
  return table;
}

export function writeDiffusionPipeFiles(config: TrainerConfig, context: WriteContext): WriteResult {
  const greyed = greyedFields(schema, config, modelTypeLabel);
  const values = asRecord(writtenValues(config.values, schema, '', greyed));
  const label = modelTypeLabel(config.family);
  const header = (what: string): string[] => dpguiHeader('diffusion-pipe', config.family, label, what);
  const dataset = asRecord(values.dataset);
  const evalDatasets = asRecords(values.eval_datasets);

  const main: TomlTable = {};
  main.output_dir = typedBySchema(values.output_dir, schema.properties.output_dir);
  main.dataset = joinPath(context.runDir, datasetFileName);
  if (evalDatasets.length > 0) {
    main.eval_datasets = evalDatasets.map((item, index) => ({
      name: typeof item.name === 'string' ? item.name : `eval${index + 1}`,
      config: joinPath(context.runDir, evalDatasetFileName(index)),
    }));
  }
  for (const [key, fieldSchema] of Object.entries(schema.properties)) {
    if (notPlainKeys.has(key) || !(key in values)) continue;
    main[key] =
      key === 'activation_checkpointing'
        ? activationCheckpointing[String(values[key])]
        : typedBySchema(values[key], fieldSchema);
  }
  main.model = { type: config.family, ...typedTable(asRecord(values.model), schema.properties.model) };
  const adapter = asRecord(values.adapter);
  if ('adapter' in values && adapter.type !== 'none') {
    main.adapter = typedTable(adapter, schema.properties.adapter);
  }
  main.optimizer = typedTable(asRecord(values.optimizer), schema.properties.optimizer);
  const monitoring = typedTable(asRecord(values.monitoring), schema.properties.monitoring);
  if (Object.keys(monitoring).length > 0) main.monitoring = monitoring;
  addPassThrough(main, config.passThrough, 'config');

  const datasetFile = datasetTable(dataset, asRecords(dataset.directories));
  addPassThrough(datasetFile, config.passThrough, 'dataset');

  const files: WriteResult['files'] = [
    {
      name: configFileName,
      content: emitToml(main, header('main config, read by train.py --config')),
      role: 'config',
    },
    { name: datasetFileName, content: emitToml(datasetFile, header('dataset config')), role: 'dataset' },
  ];
  evalDatasets.forEach((item, index) => {
    // An eval dataset shares the training dataset's resolutions and buckets, with its own folder.
    const directory: Record<string, unknown> = { path: item.path, num_repeats: item.num_repeats };
    files.push({
      name: evalDatasetFileName(index),
      content: emitToml(datasetTable(dataset, [directory]), header(`eval dataset "${String(item.name)}"`)),
      role: 'dataset',
    });
  });

  const outputDir = typeof values.output_dir === 'string' ? values.output_dir : '';
  return {
    files,
    launch: {
      script: 'train.py',
      args: ['--deepspeed', '--config', joinPath(context.runDir, configFileName)],
      mainConfigFile: configFileName,
      outputs: outputDir ? [{ dir: outputDir }] : [],
    },
  };
}
