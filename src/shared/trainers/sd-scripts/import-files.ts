/**
 * Import of the files sd-scripts users already have: our own files, plain sd-scripts config and
 * dataset TOMLs (flat or in sections, which sd-scripts flattens), the PySide trainer's saved TOML
 * (field-catalogue A.16) and kohya_ss GUI JSON. Known keys become values typed by the schema; the rest
 * are listed as unknown (the user confirms them into pass-through). The family comes from the file or
 * is asked for.
 */
import { readDpguiHeader } from '../common/header';
import { ParseLimitError, parseJsonWithin, parseTomlWithin } from '../common/parse-limits';
import type {
  FieldSchema,
  ImportInput,
  ImportOptions,
  ImportResult,
  TrainerConfig,
  UnknownKey,
  WorldProbe,
} from '../common/types';
import { isSdFamily, lycorisAlgoName, sdFamilies, type NetworkAlgo, type SdFamily } from './families';
import { derivedOptions, formProperties, sdScriptsSchema } from './schema';

type Table = Record<string, unknown>;

const subsetSchema = sdScriptsSchema.properties.subsets?.items?.properties ?? {};
const promptSchema = sdScriptsSchema.properties.sample_prompts_list?.items?.properties ?? {};
const generalKeys = Object.entries(formProperties)
  .filter(([, s]) => s['x-dpgui']?.target === 'dataset')
  .map(([k]) => k);
/** form field ← network_args name (conv_dim stays conv_dim). */
const fieldOfNetworkArg: Record<string, string> = {
  preset: 'lycoris_preset',
  unit: 'dylora_unit',
  dropout: 'network_dropout',
};
for (const [key, schema] of Object.entries(sdScriptsSchema.properties)) {
  if (schema['x-dpgui']?.target === 'network_args' && !['lycoris_preset', 'dylora_unit'].includes(key)) {
    fieldOfNetworkArg[key] = key;
  }
}
const algoOfLycorisName = Object.fromEntries(
  Object.entries(lycorisAlgoName).map(([algo, name]) => [name, algo]),
) as Record<string, NetworkAlgo>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as the schema wants it; undefined when it cannot be (the caller lists it as unknown). */
export function coerce(value: unknown, schema: FieldSchema | undefined): unknown {
  if (!schema) return value;
  switch (schema.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'True') return true;
      if (value === 'false' || value === 'False') return false;
      return undefined;
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) && Number.isInteger(n) ? n : undefined;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
    case 'array': {
      const list = typeof value === 'string' ? value.split(/[,\s]+/).filter((s) => s !== '') : value;
      if (!Array.isArray(list)) return value === undefined ? undefined : coerce([value], schema);
      const out = list.map((v: unknown) => coerce(v, schema.items));
      return out.some((v) => v === undefined) ? undefined : out;
    }
    case 'object':
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        if (Array.isArray(value)) return keyValuesOf(value.map(String));
        if (typeof value === 'string') return keyValuesOf(value.split(/\s+/));
        if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
      }
      return isTable(value) ? value : undefined;
    default:
      return value;
  }
}

function keyValuesOf(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const cut = item.indexOf('=');
    if (cut > 0)
      out[item.slice(0, cut).trim()] = item
        .slice(cut + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return out;
}

function isEmptyish(value: unknown): boolean {
  return (
    value === '' ||
    value === null ||
    value === undefined ||
    value === false ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** What an import collects before the family is known. */
interface Draft {
  values: Table;
  subsets: Table[];
  unknown: UnknownKey[];
  notes: string[];
  family: SdFamily | null;
  familySource: string;
  networkModule?: string;
  networkArgs: string[];
  sampleFile?: string;
  /** kohya_ss' empty GUI fields are noise; only set ones are listed. */
  quietEmpty: boolean;
  /** A training config was read (not only a dataset file): what it leaves out means sd-scripts' default. */
  readConfig: boolean;
  /** A dataset was read (a dataset file, the PySide subsets, kohya_ss' folders). */
  readDataset: boolean;
}

function newDraft(): Draft {
  return {
    values: {},
    subsets: [],
    unknown: [],
    notes: [],
    family: null,
    familySource: '',
    networkArgs: [],
    quietEmpty: false,
    readConfig: false,
    readDataset: false,
  };
}

/** Lists a key the form has no field for, with the pass-through key that writes it back (null: none). */
function unknownAt(draft: Draft, path: string, value: unknown, passThroughKey: string | null): void {
  draft.unknown.push(passThroughKey === null ? { path, value } : { path, value, passThroughKey });
}

/**
 * Where a key read at `where` goes back (common/pass-through.ts): the dataset file's tables keep
 * their place, PySide's dataset arguments are [general], everything else is the main config (which
 * sd-scripts flattens). DPGui writes one dataset, so keys of a second one have no place.
 */
function passThroughKeyAt(where: string, key: string): string | null {
  if (/^dataset\.datasets\.[1-9]/.test(where)) return null;
  if (where.startsWith('dataset.')) return `${where}.${key}`;
  if (where.endsWith('.dataset_args')) return `dataset.general.${key}`;
  return `config.${key}`;
}

function setFamily(draft: Draft, family: SdFamily, source: string): void {
  if (draft.family === null) {
    draft.family = family;
    draft.familySource = source;
  }
}

/** One training-config key (sd-scripts' name) into the draft. */
function takeConfigKey(draft: Draft, key: string, value: unknown, where: string): void {
  if (key === 'network_module') {
    if (typeof value === 'string') draft.networkModule = value;
    return;
  }
  if (key === 'network_args') {
    if (Array.isArray(value)) draft.networkArgs.push(...value.map(String));
    else if (typeof value === 'string') draft.networkArgs.push(...value.split(/\s+/).filter((s) => s !== ''));
    else if (isTable(value))
      draft.networkArgs.push(...Object.entries(value).map(([k, v]) => `${k}=${String(v)}`));
    return;
  }
  if (key === 'network_train_unet_only') {
    if (value === true) draft.values.train_on = 'unet';
    return;
  }
  if (key === 'network_train_text_encoder_only') {
    if (value === true) draft.values.train_on = 'text_encoder';
    return;
  }
  if (key === 'sample_prompts') {
    if (typeof value === 'string') draft.sampleFile = value;
    return;
  }
  if (key === 'keep_tokens') {
    // A config-level keep_tokens applies to every subset unless the subset says otherwise.
    draft.values.__keep_tokens = value;
    return;
  }
  if (key === 'resolution') {
    takeResolution(draft, value, where);
    return;
  }
  if (key === 'sdxl' && value === true) return setFamily(draft, 'sdxl', 'the sdxl key');
  if (key === 'v2' && value === true) setFamily(draft, 'sd', 'the v2 key');
  if (key === 'keep_tokens_separator' && typeof value === 'string' && value !== '') {
    draft.values.keep_tokens_separator_enabled = true;
  }
  if (key === 'max_train_steps' && !('max_train_epochs' in draft.values))
    draft.values.max_train_unit = 'steps';
  if (key === 'max_train_epochs') draft.values.max_train_unit = 'epochs';
  const schema = sdScriptsSchema.properties[key];
  const ui = schema?.['x-dpgui']?.target === 'ui' || schema?.['x-dpgui']?.target === 'network_args';
  if (!schema || ui || derivedOptions.includes(key)) {
    if (!(draft.quietEmpty && isEmptyish(value)))
      unknownAt(draft, `${where}.${key}`, value, passThroughKeyAt(where, key));
    return;
  }
  if (draft.quietEmpty && (value === '' || (value === 0 && schema.default === undefined))) return;
  const typed = coerce(value, schema);
  if (typed === undefined) {
    unknownAt(draft, `${where}.${key}`, value, passThroughKeyAt(where, key));
    draft.notes.push(
      `${key}: the value ${JSON.stringify(value)} does not fit the option; kept aside as unknown.`,
    );
    return;
  }
  draft.values[key] = typed;
}

function takeResolution(draft: Draft, value: unknown, where: string): void {
  const pair =
    typeof value === 'string'
      ? value.split(/[,x\s]+/).map(Number)
      : Array.isArray(value)
        ? value.map(Number)
        : [Number(value)];
  const [w, h] = pair;
  if (w === undefined || !Number.isInteger(w)) {
    unknownAt(draft, `${where}.resolution`, value, passThroughKeyAt(where, 'resolution'));
    return;
  }
  draft.values.resolution = w;
  if (h !== undefined && Number.isInteger(h) && pair.length === 2) {
    if (h === w) return;
    draft.values.resolution_height_enabled = true;
    draft.values.resolution_height = h;
  }
}

function takeSubset(draft: Draft, subset: Table, where: string, inherited: Table): void {
  const out: Table = {};
  // Every subset is written into the one dataset, in this order.
  const place = `dataset.datasets.0.subsets.${draft.subsets.length}`;
  draft.readDataset = true;
  for (const [key, value] of Object.entries({ ...inherited, ...subset })) {
    const schema = subsetSchema[key];
    if (!schema || schema['x-dpgui']?.target === 'ui') {
      if (key !== 'name') unknownAt(draft, `${where}.${key}`, value, `${place}.${key}`);
      continue;
    }
    const typed = coerce(value, schema);
    if (typed === undefined) unknownAt(draft, `${where}.${key}`, value, `${place}.${key}`);
    else out[key] = typed;
  }
  const name =
    typeof subset.name === 'string'
      ? subset.name
      : typeof out.image_dir === 'string'
        ? baseName(out.image_dir)
        : `subset ${draft.subsets.length + 1}`;
  draft.subsets.push({ name, ...out });
}

function baseName(path: string): string {
  return (
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? path
  );
}

/** A plain or sectioned training-config table: sd-scripts flattens every table. */
function takeConfigTable(draft: Draft, table: Table, where: string): void {
  for (const [key, value] of Object.entries(table)) {
    if (isTable(value) && !sdScriptsSchema.properties[key]) {
      takeConfigTable(draft, value, where);
      continue;
    }
    takeConfigKey(draft, key, value, where);
  }
}

function takeDatasetToml(draft: Draft, doc: Table): void {
  draft.readDataset = true;
  const general = isTable(doc.general) ? doc.general : {};
  const subsetLevel: Table = {};
  for (const [key, value] of Object.entries(general)) {
    if (generalKeys.includes(key)) takeConfigKey(draft, key, value, 'dataset.general');
    else if (subsetSchema[key]) subsetLevel[key] = value;
    else unknownAt(draft, `dataset.general.${key}`, value, `dataset.general.${key}`);
  }
  const datasets = Array.isArray(doc.datasets) ? doc.datasets.filter(isTable) : [];
  if (datasets.length > 1) {
    draft.notes.push(
      `The dataset file has ${datasets.length} datasets; DPGui keeps their subsets in one dataset.`,
    );
  }
  datasets.forEach((dataset, d) => {
    const inherited: Table = { ...subsetLevel };
    for (const [key, value] of Object.entries(dataset)) {
      if (key === 'subsets') continue;
      if (generalKeys.includes(key)) {
        if (d === 0) takeConfigKey(draft, key, value, `dataset.datasets.${d}`);
        else unknownAt(draft, `dataset.datasets.${d}.${key}`, value, null);
      } else if (subsetSchema[key]) inherited[key] = value;
      else
        unknownAt(
          draft,
          `dataset.datasets.${d}.${key}`,
          value,
          passThroughKeyAt(`dataset.datasets.${d}`, key),
        );
    }
    const subsets = Array.isArray(dataset.subsets) ? dataset.subsets.filter(isTable) : [];
    subsets.forEach((subset, s) =>
      takeSubset(draft, subset, `dataset.datasets.${d}.subsets.${s}`, inherited),
    );
  });
  for (const key of Object.keys(doc)) {
    if (key !== 'general' && key !== 'datasets')
      unknownAt(draft, `dataset.${key}`, doc[key], `dataset.${key}`);
  }
}

const pysideSections = [
  'general_args',
  'network_args',
  'optimizer_args',
  'saving_args',
  'bucket_args',
  'noise_args',
  'sample_args',
  'logging_args',
  'flux_args',
  'extra_args',
  'textual_inversion_args',
];
const pysideOnlyKeys = new Set([
  'easy_name',
  'tag_occurrence',
  'tag_file_location',
  'save_toml',
  'save_toml_location',
]);

function takePysideToml(draft: Draft, doc: Table): string | null {
  const mode = isTable(doc.train_mode) ? doc.train_mode.train_mode : undefined;
  if (mode === 'textual_inversion')
    return 'This file trains a textual inversion, which DPGui does not run yet.';
  if (isTable(doc.flux_args) && Object.keys(doc.flux_args).length > 0)
    setFamily(draft, 'flux', 'its Flux section');
  for (const section of pysideSections) {
    const table = doc[section];
    if (!isTable(table)) continue;
    const args = isTable(table.args) ? table.args : {};
    for (const [key, value] of Object.entries(args)) {
      if (pysideOnlyKeys.has(key)) {
        unknownAt(draft, `${section}.args.${key}`, value, `config.${key}`);
        continue;
      }
      if (key === 'network_args' && isTable(value)) {
        draft.networkArgs.push(...Object.entries(value).map(([k, v]) => `${k}=${String(v)}`));
        continue;
      }
      if (key === 'fa' && value === true) {
        draft.networkModule = 'networks.lora_fa';
        continue;
      }
      if (key === 'warmup_ratio' && typeof value === 'number') {
        draft.values.lr_warmup_steps = value;
        continue;
      }
      if (key === 'lr_scheduler' && typeof value === 'string') {
        takeConfigKey(draft, key, value.replace(/ /g, '_'), `${section}.args`);
        continue;
      }
      takeConfigKey(draft, key, value, `${section}.args`);
    }
    const datasetArgs = isTable(table.dataset_args) ? table.dataset_args : {};
    for (const [key, value] of Object.entries(datasetArgs)) {
      draft.readDataset = true;
      if (generalKeys.includes(key)) takeConfigKey(draft, key, value, `${section}.dataset_args`);
      else unknownAt(draft, `${section}.dataset_args.${key}`, value, `dataset.general.${key}`);
    }
  }
  // The old trainer's backend chose the module from the network args (trainers.md B.4).
  if (!draft.networkModule) {
    if (draft.networkArgs.some((a) => a.startsWith('algo='))) draft.networkModule = 'lycoris.kohya';
    else if (draft.networkArgs.some((a) => a.startsWith('unit='))) draft.networkModule = 'networks.dylora';
  }
  const subsets = Array.isArray(doc.subsets) ? doc.subsets.filter(isTable) : [];
  subsets.forEach((subset, i) => takeSubset(draft, subset, `subsets.${i}`, {}));
  return null;
}

interface RepeatFolder {
  name: string;
  path: string;
  repeats: number;
  classTokens: string;
}

/** kohya's "10_name" folders under a training folder (sd-scripts config_util.py, DreamBooth by sub-folders). */
function repeatFolders(dir: string, probe: WorldProbe | undefined): RepeatFolder[] {
  if (!probe) return [];
  const names = probe.listDir(dir) ?? [];
  const out: RepeatFolder[] = [];
  for (const name of [...names].sort()) {
    const match = /^(\d+)_(.+)$/.exec(name);
    const path = `${dir.replace(/[\\/]+$/, '')}/${name}`;
    if (!match?.[1] || !match[2] || probe.stat(path).kind !== 'folder') continue;
    out.push({ name, path, repeats: Number(match[1]), classTokens: match[2] });
  }
  return out;
}

const kohyaAlgo: Record<string, NetworkAlgo> = {
  Standard: 'lora',
  'Kohya LoCon': 'locon',
  'Kohya DyLoRA': 'dylora',
  'LoRA-FA': 'lora',
  LoCon: 'lycoris-locon',
  'LyCORIS/LoCon': 'lycoris-locon',
  'LyCORIS/LoHa': 'loha',
  'LyCORIS/LoKr': 'lokr',
  'LyCORIS/iA3': 'ia3',
  'LyCORIS/DyLoRA': 'lycoris-dylora',
  'LyCORIS/BOFT': 'boft',
  'LyCORIS/Diag-OFT': 'diag-oft',
  'LyCORIS/Native Fine-Tuning': 'full',
  Flux1: 'lora',
};
/** kohya_ss GUI names (kohya_gui/lora_gui.py) → sd-scripts option names. */
const kohyaRenames: Record<string, string> = {
  epoch: 'max_train_epochs',
  train_batch_size: 'batch_size',
  optimizer: 'optimizer_type',
  lora_network_weights: 'network_weights',
  sdxl_no_half_vae: 'no_half_vae',
  LyCORIS_preset: 'lycoris_preset',
  unit: 'dylora_unit',
};
const kohyaSubsetKeys = [
  'keep_tokens',
  'caption_extension',
  'shuffle_caption',
  'color_aug',
  'flip_aug',
  'random_crop',
  'caption_dropout_rate',
  'caption_dropout_every_n_epochs',
  'caption_tag_dropout_rate',
  'face_crop_aug_range',
  'secondary_separator',
  'enable_wildcard',
  'caption_prefix',
  'caption_suffix',
];
/** GUI-only keys whose meaning is taken elsewhere here. */
const kohyaConsumed = new Set([
  'LoRA_type',
  'sdxl',
  'v2',
  'flux1_checkbox',
  'sd3_checkbox',
  'max_resolution',
  'train_data_dir',
  'reg_data_dir',
  'lr_warmup',
  'sdxl_cache_text_encoder_outputs',
  'flux1_cache_text_encoder_outputs',
  'flux1_cache_text_encoder_outputs_to_disk',
  'dataset_config',
  'conv_dim',
  'conv_alpha',
  'use_tucker',
  'rank_dropout',
  'module_dropout',
  'dora_wd',
  'bypass_mode',
  'train_norm',
  'rescaled',
  'constrain',
  'down_lr_weight',
  'mid_lr_weight',
  'up_lr_weight',
  'block_dims',
  'block_alphas',
  'conv_block_dims',
  'conv_block_alphas',
]);

function takeKohyaJson(draft: Draft, doc: Table, probe: WorldProbe | undefined): void {
  draft.quietEmpty = true;
  if (doc.flux1_checkbox === true || doc.LoRA_type === 'Flux1') setFamily(draft, 'flux', 'flux1_checkbox');
  else if (doc.sd3_checkbox === true) setFamily(draft, 'sd3', 'sd3_checkbox');
  else if (doc.sdxl === true) setFamily(draft, 'sdxl', 'the sdxl key');
  else if (doc.v2 === true || doc.sdxl === false)
    setFamily(draft, 'sd', doc.v2 === true ? 'the v2 key' : 'sdxl is off');
  const type = typeof doc.LoRA_type === 'string' ? doc.LoRA_type : 'Standard';
  const algo = kohyaAlgo[type];
  if (!algo)
    draft.notes.push(`kohya_ss network type "${type}" has no equivalent here; set the algorithm by hand.`);
  draft.values.network_algo = algo ?? 'lora';
  if (type === 'LoRA-FA') draft.values.lora_fa = true;
  if (doc.v2 === true) draft.values.v2 = true;
  const isCaching =
    doc.sdxl_cache_text_encoder_outputs === true || doc.flux1_cache_text_encoder_outputs === true;
  if (isCaching && draft.family !== 'sd') draft.values.cache_text_encoder_outputs = true;
  if (doc.flux1_cache_text_encoder_outputs_to_disk === true)
    draft.values.cache_text_encoder_outputs_to_disk = true;
  if (typeof doc.max_resolution === 'string') takeResolution(draft, doc.max_resolution, 'kohya_ss');
  if (typeof doc.lr_warmup === 'number' && doc.lr_warmup > 0)
    draft.values.lr_warmup_steps = doc.lr_warmup / 100;
  if (typeof doc.dataset_config === 'string' && doc.dataset_config !== '') {
    draft.notes.push(
      `It names the dataset file "${doc.dataset_config}"; import that file with it to get its subsets.`,
    );
  }
  const subset: Table = {};
  for (const key of kohyaSubsetKeys) if (key in doc && !isEmptyish(doc[key])) subset[key] = doc[key];
  for (const [dirKey, isReg] of [
    ['train_data_dir', false],
    ['reg_data_dir', true],
  ] as const) {
    const dir = doc[dirKey];
    if (typeof dir !== 'string' || dir === '') continue;
    const found = repeatFolders(dir, probe);
    if (found.length > 0) {
      for (const folder of found) {
        takeSubset(
          draft,
          {
            ...subset,
            name: folder.name,
            image_dir: folder.path,
            num_repeats: folder.repeats,
            class_tokens: folder.classTokens,
            ...(isReg ? { is_reg: true } : {}),
          },
          `kohya_ss.${dirKey}`,
          {},
        );
      }
      draft.notes.push(
        `Made one image folder for each of the ${found.length} <repeats>_<name> folders in "${dir}", as kohya_ss reads them.`,
      );
      continue;
    }
    draft.notes.push(
      `kohya_ss reads "${dir}" as folders named <repeats>_<name>; DPGui made one subset for it: add one subset per sub-folder with its repeats.`,
    );
    takeSubset(
      draft,
      { ...subset, image_dir: dir, ...(isReg ? { is_reg: true } : {}) },
      `kohya_ss.${dirKey}`,
      {},
    );
  }
  // LyCORIS/LoRA extras map onto form fields only where the algorithm uses them.
  for (const key of [
    'conv_dim',
    'conv_alpha',
    'rank_dropout',
    'module_dropout',
    'constrain',
    'down_lr_weight',
    'mid_lr_weight',
    'up_lr_weight',
    'block_dims',
    'block_alphas',
    'conv_block_dims',
    'conv_block_alphas',
  ]) {
    const value = doc[key];
    if (isEmptyish(value)) continue;
    const field = key === 'constrain' ? 'constraint' : key;
    const typed = coerce(value, sdScriptsSchema.properties[field]);
    if (typed !== undefined) draft.values[field] = typed;
  }
  for (const key of ['use_tucker', 'dora_wd', 'bypass_mode', 'train_norm', 'rescaled'])
    if (doc[key] === true) draft.values[key] = true;
  for (const [key, value] of Object.entries(doc)) {
    if (kohyaConsumed.has(key) || kohyaSubsetKeys.includes(key)) continue;
    const target = kohyaRenames[key] ?? key;
    if (target === 'lycoris_preset' || target === 'dylora_unit') {
      if (!isEmptyish(value)) {
        const typed = coerce(value, sdScriptsSchema.properties[target]);
        if (typed !== undefined) draft.values[target] = typed;
      }
      continue;
    }
    takeConfigKey(draft, target, value, 'kohya_ss');
  }
}

/** network_module + network_args (our form's interpretation) into form values. */
function resolveNetwork(draft: Draft): void {
  const args: Record<string, string> = {};
  for (const item of draft.networkArgs) {
    const cut = item.indexOf('=');
    if (cut > 0)
      args[item.slice(0, cut).trim()] = item
        .slice(cut + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  const module = draft.networkModule;
  let algo: NetworkAlgo | undefined =
    typeof draft.values.network_algo === 'string' ? (draft.values.network_algo as NetworkAlgo) : undefined;
  if (module === 'lycoris.kohya') {
    const name = args.algo ?? 'locon';
    algo = algoOfLycorisName[name];
    if (!algo)
      draft.notes.push(`LyCORIS algorithm "${name}" is not one DPGui offers; kept as a network argument.`);
    else delete args.algo;
  } else if (module === 'networks.dylora') {
    algo = 'dylora';
  } else if (module === 'networks.lora_fa') {
    algo = 'lora';
    draft.values.lora_fa = true;
  } else if (module === 'networks.lora_flux') {
    setFamily(draft, 'flux', 'networks.lora_flux');
  } else if (module === 'networks.lora_sd3') {
    setFamily(draft, 'sd3', 'networks.lora_sd3');
  } else if (module !== undefined && module !== 'networks.lora') {
    unknownAt(draft, 'config.network_module', module, 'config.network_module');
  }
  if (algo === undefined || (algo === 'lora' && module !== 'networks.lora_fa')) {
    algo = 'conv_dim' in args ? 'locon' : (algo ?? 'lora');
  }
  draft.values.network_algo = algo;
  const extra: Record<string, string> = {};
  for (const [name, text] of Object.entries(args)) {
    if (name === 'train_blocks' && text === 'single') {
      draft.values.split_mode = true;
      continue;
    }
    const field = fieldOfNetworkArg[name];
    if (!field) {
      extra[name] = text;
      continue;
    }
    const schema = sdScriptsSchema.properties[field];
    const typed = schema?.type === 'boolean' ? text === 'True' || text === 'true' : coerce(text, schema);
    if (typed === undefined) extra[name] = text;
    else if (typed !== false) draft.values[field] = typed;
  }
  if (Object.keys(extra).length > 0) draft.values.network_args_extra = extra;
}

function familyFromKeys(draft: Draft): void {
  const v = draft.values;
  if ('clip_g' in v || 'apply_lg_attn_mask' in v || 'training_shift' in v)
    setFamily(draft, 'sd3', 'SD3 keys');
  else if ('ae' in v || 'guidance_scale' in v || 'model_type' in v || 'timestep_sampling' in v)
    setFamily(draft, 'flux', 'FLUX.1 keys');
  else if ('v2' in v || 'clip_skip' in v) setFamily(draft, 'sd', 'SD 1.x/2.x keys');
}

/** Reads the sample prompts the config names into the draft; a refusal's sentence when they cannot be read. */
function parseSampleFile(draft: Draft, inputs: ImportInput[]): string | null {
  if (!draft.sampleFile) return null;
  const wanted = baseName(draft.sampleFile);
  const file = inputs.find((i) => baseName(i.name) === wanted);
  if (!file) {
    draft.notes.push(
      `The sample prompts are in "${draft.sampleFile}", which was not imported; add it to keep them.`,
    );
    unknownAt(draft, 'config.sample_prompts', draft.sampleFile, 'config.sample_prompts');
    return null;
  }
  const prompts: Table[] = [];
  if (file.name.endsWith('.toml')) {
    let doc: Table;
    try {
      doc = parseTomlWithin(file.content, file.name);
    } catch (error) {
      if (error instanceof ParseLimitError) throw error;
      return `${file.name} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
    const prompt = isTable(doc.prompt) ? doc.prompt : {};
    const shared: Table = Object.fromEntries(Object.entries(prompt).filter(([k]) => k !== 'subset'));
    const subsets = Array.isArray(prompt.subset) ? prompt.subset.filter(isTable) : [];
    for (const subset of subsets) prompts.push(promptOf({ ...shared, ...subset }));
  } else {
    for (const line of file.content.split(/\r?\n/)) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      prompts.push(promptOf(promptLine(line.trim())));
    }
  }
  draft.values.sample_prompts_list = prompts;
  return null;
}

/** sd-scripts' text prompt line: "prompt --n neg --w 512 --h 512 --d 1 --l 7 --s 28 --ss euler". */
export function promptLine(line: string): Table {
  const [prompt = '', ...options] = line.split(' --');
  const out: Table = { prompt: prompt.trim() };
  const names: Record<string, string> = {
    n: 'negative_prompt',
    w: 'width',
    h: 'height',
    d: 'seed',
    s: 'sample_steps',
    l: 'scale',
    g: 'guidance_scale',
    ss: 'sample_sampler',
  };
  for (const option of options) {
    const match = /^(ss|n|w|h|d|s|l|g)\s+(.+)$/i.exec(option);
    const key = match?.[1] ? names[match[1].toLowerCase()] : undefined;
    if (key && match?.[2] !== undefined) out[key] = match[2].trim();
  }
  return out;
}

function promptOf(raw: Table): Table {
  const out: Table = {};
  for (const [key, value] of Object.entries(raw)) {
    const typed = coerce(value, promptSchema[key]);
    if (promptSchema[key] && typed !== undefined) out[key] = typed;
  }
  return out;
}

function finish(draft: Draft, family: SdFamily, format: string): ImportResult & { ok: true } {
  const keepTokens = draft.values.__keep_tokens;
  delete draft.values.__keep_tokens;
  if (keepTokens !== undefined) {
    for (const subset of draft.subsets)
      if (!('keep_tokens' in subset)) subset.keep_tokens = coerce(keepTokens, subsetSchema.keep_tokens);
  }
  // Only what the files say: common/import-defaults.ts lays it over the family's defaults.
  const values: Table = { ...draft.values };
  if (draft.readDataset) values.subsets = draft.subsets;
  // Form defaults that sd-scripts does not share: what a file it reads leaves out is off (or 75 tokens).
  if (draft.readConfig) {
    values.train_on ??= 'both';
    values.max_train_unit ??=
      'max_train_steps' in values && !('max_train_epochs' in values) ? 'steps' : 'epochs';
    for (const key of ['sdpa', 'persistent_data_loader_workers']) values[key] ??= false;
    if (family === 'sd' || family === 'sdxl') values.max_token_length ??= 75;
  }
  if (draft.readDataset) values.enable_bucket ??= false;
  const config: TrainerConfig = { trainer: 'sd-scripts', family, values };
  const placeless = draft.unknown.filter((k) => k.passThroughKey === undefined).map((k) => k.path);
  const notes = [...draft.notes];
  if (placeless.length > 0)
    notes.push(
      `${placeless.join(', ')}: DPGui writes one dataset, so ${placeless.length === 1 ? 'this key' : 'these keys'} of a later dataset cannot be kept; set what matters in the form.`,
    );
  return {
    ok: true,
    format,
    config,
    unknownKeys: draft.unknown,
    familySource: draft.familySource || 'given',
    notes,
  };
}

function parseJsonOrToml(input: ImportInput): Table {
  if (input.name.toLowerCase().endsWith('.json')) {
    const value = parseJsonWithin(input.content, input.name);
    if (!isTable(value)) throw new Error('the JSON is not an object');
    return value;
  }
  return parseTomlWithin(input.content, input.name);
}

export function importSdScriptsFiles(inputs: ImportInput[], options: ImportOptions = {}): ImportResult {
  const draft = newDraft();
  let format: string | null = null;
  const formats: string[] = [];
  for (const input of inputs) {
    if (/\.txt$/i.test(input.name)) continue; // prompt files are read with the config that names them
    let doc: Table;
    try {
      doc = parseJsonOrToml(input);
    } catch (error) {
      if (error instanceof ParseLimitError) throw error;
      return {
        ok: false,
        needsFamily: false,
        format,
        message: `${input.name} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const header = readDpguiHeader(input.content);
    if (header && header.trainer === 'sd-scripts' && isSdFamily(header.family))
      setFamily(draft, header.family, 'the DPGui header');
    if ('prompt' in doc && Object.keys(doc).length === 1) continue; // a sample-prompt TOML
    if (input.name.toLowerCase().endsWith('.json')) {
      formats.push('kohya_ss GUI JSON');
      draft.readConfig = true;
      draft.readDataset = true;
      takeKohyaJson(draft, doc, options.probe);
    } else if ('datasets' in doc || ('general' in doc && isTable(doc.general) && !('args' in doc.general))) {
      formats.push(header ? 'DPGui dataset TOML' : 'sd-scripts dataset TOML');
      takeDatasetToml(draft, doc);
    } else if (
      pysideSections.some((s) => isTable(doc[s]) && ('args' in doc[s] || 'dataset_args' in doc[s])) ||
      Array.isArray(doc.subsets)
    ) {
      formats.push('PySide trainer TOML');
      draft.readConfig = true;
      const refusal = takePysideToml(draft, doc);
      if (refusal) return { ok: false, needsFamily: false, format: 'PySide trainer TOML', message: refusal };
    } else {
      formats.push(header ? 'DPGui config TOML' : 'sd-scripts config TOML');
      draft.readConfig = true;
      takeConfigTable(draft, doc, 'config');
    }
  }
  format = formats.length > 0 ? [...new Set(formats)].join(' + ') : null;
  if (format === null)
    return {
      ok: false,
      needsFamily: false,
      format,
      message: 'No sd-scripts config, dataset or kohya_ss file was given.',
    };
  // A dataset file alone says nothing of the network: the family's defaults do.
  if (draft.readConfig) resolveNetwork(draft);
  const sampleRefusal = parseSampleFile(draft, inputs);
  if (sampleRefusal) return { ok: false, needsFamily: false, format, message: sampleRefusal };
  familyFromKeys(draft);
  if (options.family !== undefined) {
    if (!isSdFamily(options.family))
      return {
        ok: false,
        needsFamily: false,
        format,
        message: `"${options.family}" is not an sd-scripts family.`,
      };
    draft.family = options.family;
    draft.familySource = 'given';
  }
  if (draft.family === null) {
    return {
      ok: false,
      needsFamily: true,
      format,
      families: sdFamilies,
      notes: [
        ...draft.notes,
        draft.readConfig
          ? 'The files do not say which model family they train; choose it.'
          : "A dataset file does not say which model family it trains; choose it, and the rest of the config starts from that family's defaults.",
      ],
    };
  }
  return finish(draft, draft.family, format);
}
