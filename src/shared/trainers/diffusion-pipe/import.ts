/**
 * Imports the files diffusion-pipe users already have: a main config TOML and the dataset TOML it
 * names (plus eval dataset TOMLs), or a dataset TOML alone (diffusion-pipe ships its dataset
 * examples alone, and users reuse them), into our values: only what the files say
 * (common/import-defaults.ts lays it over the family's defaults). The model type is the family; a
 * dataset file alone does not say it, so it is asked for. Keys we do not know, and known keys in a
 * form our fields cannot hold (e.g. per-resolution batch sizes), are listed as unknown keys with
 * their place ("config.optimizer.d_coef", "dataset.directory.0.x"), which is also their
 * pass-through key, so the user can confirm them; nothing is dropped silently.
 */
import { TomlError } from 'smol-toml';
import { readDpguiHeader } from '../common/header';
import { ParseLimitError, parseTomlWithin } from '../common/parse-limits';
import type { FieldSchema, ImportInput, ImportOptions, ImportResult, UnknownKey } from '../common/types';
import { modelTypeIds, modelTypes } from './families';
import { datasetKeys, schema } from './schema';

export const importFormat = 'diffusion-pipe TOML';
export const datasetFormat = 'diffusion-pipe dataset TOML';

type Table = Record<string, unknown>;
const noFit = Symbol('no fit');

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** TOML values as JSON: integers (bigint here) as numbers, dates as text. */
function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/** The value in the shape the field takes, or noFit. */
function fit(value: unknown, field: FieldSchema | undefined): unknown {
  if (!field) return noFit;
  switch (field.type) {
    case 'integer':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' && Number.isInteger(value) ? value : noFit;
    case 'number':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' ? value : noFit;
    case 'boolean':
      return typeof value === 'boolean' ? value : noFit;
    case 'string':
      if (typeof value !== 'string') return noFit;
      return field.enum && !field.enum.includes(value) ? noFit : value;
    case 'array': {
      if (!Array.isArray(value)) return noFit;
      const items = value.map((item) => fit(item, field.items));
      return items.includes(noFit) ? noFit : items;
    }
    case 'object': {
      if (!isTable(value)) return noFit;
      const out: Table = {};
      for (const [key, child] of Object.entries(value)) {
        const fitted = fit(child, field.properties?.[key]);
        if (fitted === noFit) return noFit;
        out[key] = fitted;
      }
      return out;
    }
    default:
      return noFit;
  }
}

interface Collector {
  unknownKeys: UnknownKey[];
  notes: string[];
}

/** A key the form cannot hold; its place in the file is the pass-through key that writes it back. */
function unknownAt(into: Collector, path: string, value: unknown): void {
  into.unknownKeys.push({ path, value: toJson(value), passThroughKey: path });
}

/** Known keys into `out`, the rest into the unknown list under `prefix`. */
function mapTable(
  table: Table,
  tableSchema: FieldSchema | undefined,
  prefix: string,
  into: Collector,
  skip: readonly string[] = [],
): Table {
  const out: Table = {};
  for (const [key, value] of Object.entries(table)) {
    if (skip.includes(key)) continue;
    const field = tableSchema?.properties?.[key];
    const fitted = field ? fit(value, field) : noFit;
    if (fitted === noFit) {
      unknownAt(into, `${prefix}.${key}`, value);
      if (field)
        into.notes.push(
          `${prefix}.${key} is set in a form DPGui's field cannot hold; it is kept as an unknown key.`,
        );
      continue;
    }
    out[key] = fitted;
  }
  return out;
}

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

interface ParsedInput {
  name: string;
  content: string;
  table: Table;
}

function isMainConfig(table: Table): boolean {
  return isTable(table.model) || typeof table.output_dir === 'string';
}

/** A dataset file: [[directory]] tables, or the bucket keys only a dataset file has. */
function isDatasetFile(table: Table): boolean {
  return (
    !isMainConfig(table) &&
    (Array.isArray(table.directory) ||
      ['resolutions', 'enable_ar_bucket', 'frame_buckets'].some((k) => k in table))
  );
}

function findReferenced(
  inputs: ParsedInput[],
  reference: unknown,
  taken: Set<ParsedInput>,
): ParsedInput | undefined {
  if (typeof reference !== 'string') return undefined;
  return inputs.find((input) => !taken.has(input) && baseName(input.name) === baseName(reference));
}

function mapDataset(table: Table, prefix: string, into: Collector): Table {
  const datasetSchema = schema.properties.dataset;
  const mapped = mapTable(table, datasetSchema, prefix, into, ['directory']);
  const dataset: Table = Object.fromEntries(
    Object.entries(mapped).filter(([key]) => datasetKeys.includes(key)),
  );
  const directories = Array.isArray(table.directory) ? table.directory : [];
  dataset.directories = directories.map((directory, index) =>
    isTable(directory)
      ? mapTable(
          directory,
          datasetSchema?.properties?.directories?.items,
          `${prefix}.directory.${index}`,
          into,
        )
      : {},
  );
  if (table.directory !== undefined && !Array.isArray(table.directory)) {
    unknownAt(into, `${prefix}.directory`, table.directory);
  }
  return dataset;
}

const checkpointingValues = new Map<unknown, string>([
  [true, 'on'],
  [false, 'off'],
  ['unsloth', 'unsloth'],
]);

export function importDiffusionPipeFiles(
  inputs: readonly ImportInput[],
  options: ImportOptions = {},
): ImportResult {
  const parsed: ParsedInput[] = [];
  for (const input of inputs) {
    try {
      parsed.push({
        ...input,
        table: parseTomlWithin(input.content, input.name, { integersAsBigInt: true }),
      });
    } catch (error) {
      if (error instanceof ParseLimitError) throw error;
      const why =
        error instanceof TomlError
          ? `line ${error.line}, column ${error.column}: ${error.message.split('\n')[0] ?? ''}`
          : String(error);
      return {
        ok: false,
        needsFamily: false,
        format: importFormat,
        message: `${input.name} is not valid TOML (${why}).`,
      };
    }
  }
  const main = parsed.find((p) => isMainConfig(p.table));
  if (!main) {
    const dataset = parsed.find((p) => isDatasetFile(p.table));
    if (dataset) return importDatasetAlone(dataset, parsed, options);
    return {
      ok: false,
      needsFamily: false,
      format: importFormat,
      message:
        'None of the files is a diffusion-pipe main config (output_dir and a [model] table) or dataset file ([[directory]] tables and resolutions). Import a main config, with its dataset file if you have it, or a dataset file.',
    };
  }
  const into: Collector = { unknownKeys: [], notes: [] };
  const taken = new Set<ParsedInput>([main]);
  const config = main.table;
  const model = isTable(config.model) ? config.model : {};

  const header = readDpguiHeader(main.content);
  const modelType = typeof model.type === 'string' ? model.type : undefined;
  let family: string;
  let familySource: string;
  if (modelType && modelTypeIds.includes(modelType)) {
    family = modelType;
    familySource = header?.trainer === 'diffusion-pipe' ? 'header comment' : 'model type';
  } else if (options.family && modelTypeIds.includes(options.family)) {
    family = options.family;
    familySource = 'given';
  } else {
    return {
      ok: false,
      needsFamily: true,
      format: importFormat,
      families: [...modelTypes],
      notes: [
        modelType
          ? `The model type "${modelType}" is not one DPGui knows; pick the closest.`
          : 'The config names no model type; pick one.',
      ],
    };
  }

  const values: Table = mapTable(config, schema, 'config', into, [
    'model',
    'adapter',
    'optimizer',
    'monitoring',
    'dataset',
    'eval_datasets',
    'activation_checkpointing',
  ]);
  if ('activation_checkpointing' in config) {
    const mapped = checkpointingValues.get(config.activation_checkpointing);
    if (mapped) values.activation_checkpointing = mapped;
    else unknownAt(into, 'config.activation_checkpointing', config.activation_checkpointing);
  }
  values.model = mapTable(model, schema.properties.model, 'config.model', into, ['type']);
  values.adapter = isTable(config.adapter)
    ? mapTable(config.adapter, schema.properties.adapter, 'config.adapter', into)
    : { type: 'none' };
  if (isTable(config.adapter) && !('type' in config.adapter))
    into.notes.push('[adapter] has no type; diffusion-pipe needs one.');
  if (!isTable(config.adapter))
    into.notes.push('The config has no [adapter] table: it trains the full model.');
  if (isTable(config.optimizer))
    values.optimizer = mapTable(config.optimizer, schema.properties.optimizer, 'config.optimizer', into);
  if (isTable(config.monitoring))
    values.monitoring = mapTable(config.monitoring, schema.properties.monitoring, 'config.monitoring', into);

  const datasetInput =
    findReferenced(parsed, config.dataset, taken) ??
    parsed.find((p) => !taken.has(p) && !isMainConfig(p.table));
  if (datasetInput) {
    taken.add(datasetInput);
    values.dataset = mapDataset(datasetInput.table, 'dataset', into);
  } else {
    into.notes.push(
      `The dataset file${typeof config.dataset === 'string' ? ` (${config.dataset})` : ''} was not given: add the training folders in the form, or import it with the config.`,
    );
  }

  const evalRefs: unknown[] = Array.isArray(config.eval_datasets) ? config.eval_datasets : [];
  const evalDatasets: Table[] = [];
  evalRefs.forEach((ref, index) => {
    const name = isTable(ref) && typeof ref.name === 'string' ? ref.name : `eval${index}`;
    const file = isTable(ref) ? ref.config : ref;
    const input = findReferenced(parsed, file, taken);
    const directories =
      input && Array.isArray(input.table.directory) ? input.table.directory.filter(isTable) : [];
    const first = directories[0];
    if (!input || !first || typeof first.path !== 'string') {
      into.notes.push(
        `Eval dataset "${name}" (${String(file)}) was not given or has no folder; add it in the form.`,
      );
      return;
    }
    taken.add(input);
    if (directories.length > 1)
      into.notes.push(`Eval dataset "${name}" lists several folders; DPGui keeps the first.`);
    const item: Table = { name, path: first.path };
    const repeats = fit(first.num_repeats, { type: 'integer' });
    if (repeats !== noFit) item.num_repeats = repeats;
    evalDatasets.push(item);
  });
  if (evalDatasets.length > 0) values.eval_datasets = evalDatasets;

  for (const rest of parsed.filter((p) => !taken.has(p))) {
    into.notes.push(`${rest.name} is not referenced by the config; it was not imported.`);
  }

  return {
    ok: true,
    format: importFormat,
    config: { trainer: 'diffusion-pipe', family, values },
    unknownKeys: into.unknownKeys,
    familySource,
    notes: into.notes,
  };
}

/** A dataset file alone: its values into the dataset section; the family is the header's or asked for. */
function importDatasetAlone(
  dataset: ParsedInput,
  parsed: readonly ParsedInput[],
  options: ImportOptions,
): ImportResult {
  const header = readDpguiHeader(dataset.content);
  let family: string;
  let familySource: string;
  if (options.family && modelTypeIds.includes(options.family)) {
    family = options.family;
    familySource = 'given';
  } else if (header?.trainer === 'diffusion-pipe' && modelTypeIds.includes(header.family)) {
    family = header.family;
    familySource = 'header comment';
  } else {
    return {
      ok: false,
      needsFamily: true,
      format: datasetFormat,
      families: [...modelTypes],
      notes: [
        options.family
          ? `"${options.family}" is not a diffusion-pipe model type; pick one of the list.`
          : "A dataset file does not say which model it trains; pick the model type, and the rest of the config starts from that type's defaults.",
      ],
    };
  }
  const into: Collector = { unknownKeys: [], notes: [] };
  const values: Table = { dataset: mapDataset(dataset.table, 'dataset', into) };
  for (const rest of parsed.filter((p) => p !== dataset)) {
    into.notes.push(`${rest.name} was not imported: only one dataset file is read without a main config.`);
  }
  return {
    ok: true,
    format: datasetFormat,
    config: { trainer: 'diffusion-pipe', family, values },
    unknownKeys: into.unknownKeys,
    familySource,
    notes: into.notes,
  };
}
