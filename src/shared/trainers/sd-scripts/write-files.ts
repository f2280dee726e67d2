/**
 * The sd-scripts writers, pure: the `--config_file` TOML, the `--dataset_config` TOML
 * ([general], [[datasets]], [[datasets.subsets]]) and the sample-prompt TOML, from a config and its
 * schema. Greyed fields are not written; form-only keys become the options they stand for.
 */
import { dpguiHeader } from '../common/header';
import { addPassThrough } from '../common/pass-through';
import { greyedFields, greyedLookup } from '../common/schema-walk';
import {
  emitToml,
  tomlFloat,
  tomlInt,
  typedBySchema,
  type TomlTable,
  type TomlValue,
} from '../common/toml-emitter';
import type { FieldSchema, TrainerConfig, WriteContext, WriteResult } from '../common/types';
import {
  familyLabel,
  isSdFamily,
  lycorisAlgoName,
  lycorisAlgos,
  networkModuleFor,
  scriptOfFamily,
  type NetworkAlgo,
} from './families';
import { sdScriptsSchema } from './schema';

export const configFileName = 'config.toml';
export const datasetFileName = 'dataset.toml';
export const promptsFileName = 'sample_prompts.toml';

/** Form fields written into network_args under another name. */
const networkArgName: Record<string, string> = { lycoris_preset: 'preset', dylora_unit: 'unit' };

/** Empty means unset: sd-scripts would read `""` as a path and fail. */
export function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value)) ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function formatArgNumber(value: number, schema: FieldSchema | undefined): string {
  if (schema?.type === 'number' && Number.isInteger(value)) return `${value}.0`;
  return String(value);
}

function networkArgValue(value: unknown, schema: FieldSchema | undefined): string | null {
  if (typeof value === 'boolean') return value ? 'True' : null; // LyCORIS reads "False" as true
  if (typeof value === 'number') return formatArgNumber(value, schema);
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'number' ? String(v) : String(v))).join(',');
  if (typeof value === 'string') return value;
  return null;
}

function keyValueList(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([key]) => key !== '')
    .map(([key, v]) => `${key}=${String(v)}`);
}

/** Whether sd-scripts' own default for a boolean option is true (store_false), so false must be written. */
function writesFalse(key: string, schema: FieldSchema): boolean {
  return (
    schema['x-dpgui']?.advanced === true &&
    schema.default === true &&
    key !== 'persistent_data_loader_workers'
  );
}

interface Parts {
  config: TomlTable;
  general: TomlTable;
  networkArgs: string[];
}

function isLycoris(algo: unknown): boolean {
  return lycorisAlgos.includes(algo as NetworkAlgo);
}

export function writeSdScriptsFiles(config: TrainerConfig, context: WriteContext): WriteResult {
  const family = isSdFamily(config.family) ? config.family : 'sd';
  const values = config.values;
  const isGreyed = greyedLookup(greyedFields(sdScriptsSchema, config, familyLabel));
  const live = (key: string): boolean => !isUnset(values[key]) && !isGreyed(key);
  const parts: Parts = { config: {}, general: {}, networkArgs: [] };
  const algo = typeof values.network_algo === 'string' ? values.network_algo : 'lora';
  const runFile = (name: string): string => `${context.runDir.replace(/[\\/]+$/, '')}/${name}`;

  // network_args first: the config lists them where network_module is written.
  const lycorisName = lycorisAlgoName[algo as NetworkAlgo];
  if (lycorisName) parts.networkArgs.push(`algo=${lycorisName}`);
  for (const [key, schema] of Object.entries(sdScriptsSchema.properties)) {
    if (schema['x-dpgui']?.target !== 'network_args' || !live(key)) continue;
    const text = networkArgValue(values[key], schema);
    if (text !== null) parts.networkArgs.push(`${networkArgName[key] ?? key}=${text}`);
  }
  if (live('network_dropout') && isLycoris(algo)) {
    parts.networkArgs.push(`dropout=${formatArgNumber(Number(values.network_dropout), { type: 'number' })}`);
  }
  if (family === 'flux' && live('split_mode') && values.split_mode === true)
    parts.networkArgs.push('train_blocks=single');
  parts.networkArgs.push(...keyValueList(values.network_args_extra));

  for (const [key, schema] of Object.entries(sdScriptsSchema.properties)) {
    const target = schema['x-dpgui']?.target ?? 'config';
    if (key === 'network_algo') {
      parts.config.network_module = networkModuleFor(
        family,
        algo,
        live('lora_fa') && values.lora_fa === true,
      );
      if (parts.networkArgs.length > 0) parts.config.network_args = parts.networkArgs;
      continue;
    }
    if (key === 'train_on') {
      if (values.train_on === 'unet') parts.config.network_train_unet_only = true;
      if (values.train_on === 'text_encoder') parts.config.network_train_text_encoder_only = true;
      continue;
    }
    if (key === 'sample_prompts_list') {
      if (live(key)) parts.config.sample_prompts = runFile(promptsFileName);
      continue;
    }
    if (key === 'resolution') {
      if (!live(key)) continue;
      parts.general.resolution =
        live('resolution_height') && values.resolution_height_enabled === true
          ? [tomlInt(Number(values.resolution)), tomlInt(Number(values.resolution_height))]
          : tomlInt(Number(values.resolution));
      continue;
    }
    if (target === 'ui' || target === 'network_args' || key === 'subsets' || !live(key)) continue;
    if (key === 'network_dropout' && isLycoris(algo)) continue;
    if (key === 'split_mode' && family !== 'flux') continue;
    // sd-scripts offers 150 and 225 (train_util.py choices [None, 150, 225]); absent means 75.
    if (key === 'max_token_length' && values[key] === 75) continue;
    const value = values[key];
    if (value === false && !writesFalse(key, schema)) continue;
    let typed: TomlValue | undefined;
    if (key === 'lr_warmup_steps' && typeof value === 'number') {
      // sd-scripts reads a float as a share of all steps and an int as steps.
      typed = value < 1 ? tomlFloat(value) : tomlInt(value);
    } else if (key === 'optimizer_args' || key === 'lr_scheduler_args') {
      const list = keyValueList(value);
      typed = list.length > 0 ? list : undefined;
    } else {
      typed = typedBySchema(value, schema);
    }
    if (target === 'dataset') parts.general[key] = typed;
    else parts.config[key] = typed;
  }
  addPassThrough(parts.config, config.passThrough, 'config');

  const subsetSchema = sdScriptsSchema.properties.subsets?.items?.properties ?? {};
  const subsets: TomlTable[] = [];
  const subsetValues = Array.isArray(values.subsets) ? (values.subsets as unknown[]) : [];
  subsetValues.forEach((item, index) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const table: TomlTable = {};
    for (const [key, schema] of Object.entries(subsetSchema)) {
      if (schema['x-dpgui']?.target === 'ui' || isUnset(record[key]) || record[key] === false) continue;
      if (isGreyed(`subsets.${index}.${key}`)) continue;
      table[key] = typedBySchema(record[key], schema);
    }
    subsets.push(table);
  });

  const datasetToml: TomlTable = { general: parts.general, datasets: [{ subsets }] };
  addPassThrough(datasetToml, config.passThrough, 'dataset');

  const label = familyLabel(family);
  const script = scriptOfFamily[family];
  const files: WriteResult['files'] = [
    {
      name: configFileName,
      role: 'config',
      content: emitToml(parts.config, dpguiHeader('sd-scripts', family, label, `--config_file of ${script}`)),
    },
    {
      name: datasetFileName,
      role: 'dataset',
      content: emitToml(
        datasetToml,
        dpguiHeader('sd-scripts', family, label, `--dataset_config of ${script}`),
      ),
    },
  ];
  if (live('sample_prompts_list')) {
    files.push({ name: promptsFileName, role: 'prompts', content: writePromptsToml(config, family) });
  }
  const outputDir = typeof values.output_dir === 'string' ? values.output_dir : '';
  const outputName =
    typeof values.output_name === 'string' && values.output_name !== '' ? values.output_name : undefined;
  const precision = values.mixed_precision;
  return {
    files,
    launch: {
      script,
      args: ['--config_file', runFile(configFileName), '--dataset_config', runFile(datasetFileName)],
      ...(precision === 'no' || precision === 'fp16' || precision === 'bf16'
        ? { mixedPrecision: precision }
        : {}),
      mainConfigFile: configFileName,
      outputs: outputDir === '' ? [] : [{ dir: outputDir, ...(outputName ? { name: outputName } : {}) }],
    },
  };
}

/** sd-scripts' TOML prompt form (train_util.load_prompts): [prompt] with one [[prompt.subset]] per prompt. */
function writePromptsToml(config: TrainerConfig, family: string): string {
  const promptSchema = sdScriptsSchema.properties.sample_prompts_list?.items?.properties ?? {};
  const list = Array.isArray(config.values.sample_prompts_list)
    ? (config.values.sample_prompts_list as unknown[])
    : [];
  const subset: TomlTable[] = list.map((item) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const table: TomlTable = {};
    for (const [key, schema] of Object.entries(promptSchema)) {
      if (isUnset(record[key])) continue;
      if (key === 'guidance_scale' && family !== 'flux') continue;
      table[key] = typedBySchema(record[key], schema);
    }
    return table;
  });
  return emitToml(
    { prompt: { subset } },
    dpguiHeader('sd-scripts', family, familyLabel(family), 'sample prompts (--sample_prompts)'),
  );
}
