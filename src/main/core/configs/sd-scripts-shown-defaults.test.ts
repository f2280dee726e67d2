/**
 * What the form shows is what sd-scripts gets: per family, from the family's defaults and from a config
 * holding only the required values, the files DPGui writes (the real writer, after the shown defaults
 * are filled in) are read as sd-scripts reads them (a key left out takes sd-scripts' own default, as
 * generated from its source), and every field that is not greyed must end up with the value the form
 * shows for it.
 */
import { describe, expect, it } from 'vitest';
import { withShownDefaults } from '../../../shared/trainers';
import {
  greyedFields,
  greyedLookup,
  isJsonObject,
  type FieldSchema,
  type PathFacts,
  type TrainerConfig,
  type WorldProbe,
} from '../../../shared/trainers/common';
import { generatedFrom } from '../../../shared/trainers/sd-scripts/advanced-fields';
import { sdScriptsDefaults } from '../../../shared/trainers/sd-scripts/defaults';
import { familyLabel, networkModuleFor, type SdFamily } from '../../../shared/trainers/sd-scripts/families';
import { sdScriptsSchema } from '../../../shared/trainers/sd-scripts/schema';
import { writeSdScriptsFiles } from '../../../shared/trainers/sd-scripts/write-files';
import { datasetFacts, readAsSdScripts, type SdScriptsReading } from './sd-scripts-reading.test-support';
import { validateConfig } from './validate-config';

const families: SdFamily[] = ['sd', 'sdxl', 'sd3', 'flux'];
const paths = {
  pretrained_model_name_or_path: '/models/base.safetensors',
  output_dir: '/outputs/run',
};
const fluxPaths = {
  ae: '/models/ae.safetensors',
  clip_l: '/models/clip_l.safetensors',
  t5xxl: '/models/t5.safetensors',
};
const requiredPaths = (family: SdFamily): Record<string, unknown> =>
  family === 'flux' ? { ...paths, ...fluxPaths } : paths;

function fromDefaults(family: SdFamily): TrainerConfig {
  const values = sdScriptsDefaults(family);
  const subsets = (values.subsets as Record<string, unknown>[]).map((s) => ({
    ...s,
    image_dir: '/data/images',
  }));
  return { trainer: 'sd-scripts', family, values: { ...values, ...requiredPaths(family), subsets } };
}

function requiredOnly(family: SdFamily): TrainerConfig {
  return {
    trainer: 'sd-scripts',
    family,
    values: { ...requiredPaths(family), subsets: [{ image_dir: '/data/images' }] },
  };
}

/** Empty in the form and None in Python are the same: nothing set. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(normalise);
  if (isJsonObject(value)) {
    const entries = Object.entries(value).filter(([k]) => k !== '');
    return entries.length === 0 ? null : entries.map(([k, v]) => `${k}=${String(v)}`);
  }
  return value;
}

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
const show = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * The value the form shows for a key: the config's (with shown defaults filled in), else the schema's
 * default. A cleared toggle shows off.
 */
function shownValue(values: Record<string, unknown>, key: string, field: FieldSchema): unknown {
  if (values[key] === null && field.type === 'boolean') return false;
  return key in values ? values[key] : field.default;
}

/** network_args as name → text (sd-scripts splits each "name=value" at the first "="). */
function networkArgs(reading: SdScriptsReading): Map<string, string> {
  const list = Array.isArray(reading.args.network_args) ? (reading.args.network_args as string[]) : [];
  return new Map(list.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));
}
const networkArgName: Record<string, string> = { lycoris_preset: 'preset', dylora_unit: 'unit' };

function networkArgMatches(shown: unknown, written: string | undefined): boolean {
  if (normalise(shown) === null || shown === false) return written === undefined;
  if (written === undefined) return false;
  if (shown === true) return written === 'True';
  if (typeof shown === 'number') return Number(written) === shown;
  if (Array.isArray(shown)) return same(written.split(',').map(Number), shown);
  return written === String(shown);
}

/** Every field that is not greyed whose value in sd-scripts differs from the form's, in words. */
function mismatches(config: TrainerConfig, fill = true): string[] {
  const filled = fill ? withShownDefaults(config) : config;
  const family = filled.family as SdFamily;
  const values = filled.values;
  const reading = readAsSdScripts(family, writeSdScriptsFiles(filled, { runDir: '/runs/job' }).files);
  const isGreyed = greyedLookup(greyedFields(sdScriptsSchema, filled, familyLabel));
  const out: string[] = [];
  const check = (path: string, shown: unknown, got: unknown): void => {
    if (!same(shown, got)) out.push(`${path}: the form shows ${show(shown)}, sd-scripts gets ${show(got)}`);
  };
  const args = networkArgs(reading);

  for (const [key, field] of Object.entries(sdScriptsSchema.properties)) {
    if (isGreyed(key)) continue;
    const target = field['x-dpgui']?.target ?? 'config';
    const shown = shownValue(values, key, field);
    if (key === 'subsets') {
      const itemProps = field.items?.properties ?? {};
      (Array.isArray(shown) ? shown : []).forEach((item: unknown, index) => {
        const record = isJsonObject(item) ? item : {};
        for (const [itemKey, itemField] of Object.entries(itemProps)) {
          const path = `subsets.${index}.${itemKey}`;
          // The folder's name is the user's label; it is not written, by design.
          if (isGreyed(path) || itemField['x-dpgui']?.target === 'ui') continue;
          check(path, shownValue(record, itemKey, itemField), reading.subset(index, itemKey));
        }
      });
      continue;
    }
    switch (key) {
      case 'resolution': {
        const height = values.resolution_height_enabled === true ? values.resolution_height : shown;
        const got = reading.dataset('resolution');
        // config_util turns one number into (n, n).
        check(key, [shown, height], typeof got === 'number' ? [got, got] : got);
        continue;
      }
      case 'resolution_height': // checked with resolution
      case 'resolution_height_enabled':
      case 'max_train_unit': // which of epochs / steps is greyed
      case 'keep_tokens_separator_enabled': // whether the separator is greyed
        continue;
      case 'network_algo':
      case 'lora_fa':
        check(
          'network_module',
          networkModuleFor(
            family,
            typeof values.network_algo === 'string' ? values.network_algo : 'lora',
            values.lora_fa === true,
          ),
          reading.args.network_module,
        );
        continue;
      case 'train_on':
        check(
          key,
          shown,
          reading.args.network_train_unet_only === true
            ? 'unet'
            : reading.args.network_train_text_encoder_only === true
              ? 'text_encoder'
              : 'both',
        );
        continue;
      case 'sample_prompts_list':
        // Prompts are written to their own file; none shown, none read.
        check(
          'sample_prompts',
          normalise(shown) === null ? null : '/runs/job/sample_prompts.toml',
          reading.args.sample_prompts,
        );
        continue;
      case 'max_token_length':
        // sd-scripts reads None as 75 tokens (train_util: max_token_length None → 75).
        check(key, shown === 75 ? null : shown, reading.args.max_token_length);
        continue;
      case 'network_args_extra':
        for (const [name, value] of Object.entries(isJsonObject(shown) ? shown : {}))
          if (name !== '' && args.get(name) !== String(value))
            out.push(
              `network_args ${name}: the form shows ${show(value)}, sd-scripts gets ${show(args.get(name))}`,
            );
        continue;
    }
    if (target === 'network_args') {
      const name = networkArgName[key] ?? key;
      if (!networkArgMatches(shown, args.get(name)))
        out.push(`${key}: the form shows ${show(shown)}, network_args has ${show(args.get(name))}`);
      continue;
    }
    if (target === 'ui') {
      out.push(`${key}: a form-only field this test does not know how to compare`);
      continue;
    }
    // A dataset's own params first (validation_seed splits the dataset), then a folder's.
    const got = reading.datasetParams.has(key)
      ? reading.dataset(key)
      : reading.subsetParams.has(key)
        ? reading.subset(0, key)
        : reading.args[key];
    check(key, shown, got);
  }
  return out;
}

describe('what the form shows is what sd-scripts gets', () => {
  it('reads sd-scripts facts generated from the same commit', () => {
    expect(datasetFacts.source.commit).toBe(generatedFrom.commit);
    expect(datasetFacts.params.DreamBoothSubsetParams.fields.caption_extension.default).toBe('.caption');
  });

  for (const family of families) {
    it(`${family}: from the family's defaults`, () => {
      expect(mismatches(fromDefaults(family))).toEqual([]);
    });
    it(`${family}: from a config holding only the required values`, () => {
      expect(mismatches(requiredOnly(family))).toEqual([]);
    });
  }

  it('catches a partial config written without the shown defaults (what DPGui did before)', () => {
    const found = mismatches(requiredOnly('sdxl'), false).join('\n');
    expect(found).toContain('seed: the form shows 23, sd-scripts gets null');
    expect(found).toContain('learning_rate: the form shows 0.0001, sd-scripts gets 0.000002');
    expect(found).toContain('subsets.0.caption_extension: the form shows ".txt", sd-scripts gets ".caption"');
    expect(found).toContain('max_data_loader_n_workers: the form shows 1, sd-scripts gets 8');
  });

  it('fills SDXL, SD3 and FLUX.1 in at 1024 px and FLUX.1 in bf16', () => {
    for (const family of ['sdxl', 'sd3', 'flux'] as const) {
      const reading = readAsSdScripts(
        family,
        writeSdScriptsFiles(withShownDefaults(requiredOnly(family)), { runDir: '/runs/job' }).files,
      );
      expect(reading.dataset('resolution')).toBe(1024);
      expect(reading.args.network_module).toBe(networkModuleFor(family, 'lora', false));
    }
    const flux = readAsSdScripts(
      'flux',
      writeSdScriptsFiles(withShownDefaults(requiredOnly('flux')), { runDir: '/runs/job' }).files,
    );
    expect(flux.args.mixed_precision).toBe('bf16');
    expect(flux.args.network_module).toBe('networks.lora_flux');
  });

  /** Everything exists: a name with an extension is a file, anything else a folder of captioned images. */
  const probe: WorldProbe = {
    stat: (path): PathFacts => ({ kind: /\.[a-z0-9]+$/i.test(path) ? 'file' : 'folder' }),
    listDir: () => ['a.png', 'a.txt'],
    canWriteIn: () => true,
  };
  const appliesTo = (field: FieldSchema, family: string): boolean =>
    field['x-dpgui']?.families?.includes(family) ?? true;

  /** Each field that can be cleared in a required-only config, with that config cleared there. */
  function clearings(family: SdFamily): { path: string; config: TrainerConfig }[] {
    const base = requiredOnly(family);
    const isGreyed = greyedLookup(greyedFields(sdScriptsSchema, withShownDefaults(base), familyLabel));
    const out: { path: string; config: TrainerConfig }[] = [];
    for (const [key, field] of Object.entries(sdScriptsSchema.properties)) {
      if (key === 'subsets' || isGreyed(key) || !appliesTo(field, family)) continue;
      out.push({ path: key, config: { ...base, values: { ...base.values, [key]: null } } });
    }
    for (const [key, field] of Object.entries(sdScriptsSchema.properties.subsets?.items?.properties ?? {})) {
      const path = `subsets.0.${key}`;
      if (field['x-dpgui']?.target === 'ui' || isGreyed(path)) continue;
      const subsets = [{ image_dir: '/data/images', [key]: null }];
      out.push({ path, config: { ...base, values: { ...base.values, subsets } } });
    }
    return out;
  }

  for (const family of families) {
    it(`${family}: a cleared field is refused, or sd-scripts too ends up with nothing (or off) for it`, () => {
      const refused: string[] = [];
      const wrong: string[] = [];
      for (const { path, config } of clearings(family)) {
        const issues = validateConfig(config, { probe }).issues;
        if (issues.some((i) => i.path === `values.${path}` && i.severity === 'error')) {
          refused.push(path);
          continue;
        }
        wrong.push(...mismatches(config).map((m) => `${path} cleared → ${m}`));
      }
      expect(wrong).toEqual([]);
      // Both outcomes occur: sd-scripts has a value of its own for these, and none for the seed.
      expect(refused).toEqual(
        expect.arrayContaining([
          'learning_rate',
          'lr_scheduler',
          'resolution',
          'subsets.0.caption_extension',
        ]),
      );
      expect(refused).not.toContain('seed');
    });
  }

  it('says what sd-scripts would use for a cleared field', () => {
    const config = requiredOnly('sdxl');
    const issues = validateConfig(
      { ...config, values: { ...config.values, learning_rate: null, seed: null } },
      { probe },
    ).issues.filter((i) => i.severity === 'error');
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'values.learning_rate',
        message:
          'is empty, but sd-scripts would then use its own default (0.000002): enter the value to train with.',
      }),
    ]);
  });
});
