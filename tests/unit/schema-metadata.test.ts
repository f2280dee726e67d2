/**
 * Every field of every trainer form carries what a screen needs to show it without hand-written
 * text: a label, a tooltip that says something (not a placeholder), a label for every choice, and
 * toggles that name the fields they switch on. Generated over the schemas, so a new field without
 * its metadata fails here.
 */
import { describe, expect, it } from 'vitest';
import { trainerDefinitions } from '../../src/shared/trainers';
import { diffusionPipeTrainer } from '../../src/shared/trainers/diffusion-pipe';
import { sdScriptsTrainer } from '../../src/shared/trainers/sd-scripts';
import type { FieldSchema, ObjectSchema } from '../../src/shared/trainers/common/types';
import { genericFormWith } from '../../src/shared/trainers/generic/engine-form';
import type { EngineSchemaNode } from '../../src/shared/trainers/generic/engine-schema';
import { generatedOptions, tooltipOfOption } from '../../src/shared/trainers/sd-scripts/advanced-fields';

interface FieldAt {
  /** Dotted from the values root, `*` for every item of a list ("subsets.*.image_dir"). */
  path: string;
  field: FieldSchema;
}

/** Every property of a schema, nested objects and list items included. */
function everyField(properties: Record<string, FieldSchema>, prefix = ''): FieldAt[] {
  return Object.entries(properties).flatMap(([key, field]) => {
    const path = `${prefix}${key}`;
    const inner = field.properties ? everyField(field.properties, `${path}.`) : [];
    const items = field.items?.properties ? everyField(field.items.properties, `${path}.*.`) : [];
    return [{ path, field }, ...inner, ...items];
  });
}

const words = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Why a tooltip is a placeholder rather than a sentence of its own, or null when it is fine. */
function placeholderProblem(tooltip: string | undefined, label: string): string | null {
  if (tooltip === undefined || tooltip.trim() === '') return 'no tooltip';
  if (tooltip !== tooltip.trim()) return 'spaces around it';
  if (words(tooltip) === words(label)) return 'the label again';
  if (/\b(todo|tbd|lorem|placeholder|undefined|null|nan)\b/i.test(tooltip)) return 'a hole or a filler word';
  if (/written as it is|^sd-scripts option --/i.test(tooltip)) return 'the old generated filler';
  if (/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(tooltip)) return 'untranslated help text';
  if (/\.\.(?!\.)|\s[,;:]|\s\.(\s|$)/.test(tooltip)) return 'doubled dots or stray spacing';
  if (!/[.!?…)]$/.test(tooltip)) return 'not a finished sentence';
  if ((tooltip.match(/[A-Za-z]{2,}/g) ?? []).length < 3) return 'too short to say anything';
  return null;
}

/** Every problem of one field's metadata, as "path: problem". */
function metadataProblems(schema: ObjectSchema): string[] {
  const fields = everyField(schema.properties);
  const byPath = new Map(fields.map((f) => [f.path, f.field]));
  const problems: string[] = [];
  for (const { path, field } of fields) {
    const meta = field['x-dpgui'];
    if (!meta) {
      problems.push(`${path}: no x-dpgui metadata`);
      continue;
    }
    if (meta.label.trim() === '') problems.push(`${path}: no label`);
    const tooltip = placeholderProblem(meta.tooltip, meta.label);
    if (tooltip) problems.push(`${path}: tooltip is ${tooltip} (${JSON.stringify(meta.tooltip)})`);
    const choices = field.enum ?? field.items?.enum;
    if (choices) {
      const keys = choices.map(String);
      for (const key of keys) {
        if (!meta.choiceLabels?.[key]?.trim()) problems.push(`${path}: choice ${key} has no label`);
      }
      const extra = Object.keys(meta.choiceLabels ?? {}).filter((k) => !keys.includes(k));
      if (extra.length > 0)
        problems.push(`${path}: labels for values it does not offer: ${extra.join(', ')}`);
    } else if (meta.choiceLabels) {
      problems.push(`${path}: choice labels without choices`);
    }
    for (const target of meta.enables ?? []) {
      const enabled = byPath.get(target);
      if (field.type !== 'boolean') problems.push(`${path}: enables ${target} but is not a toggle`);
      if (!enabled) problems.push(`${path}: enables ${target}, which is not a field`);
      const greyedOff = (enabled?.['x-dpgui']?.greyedWhen ?? []).some(
        (g) => 'field' in g.when && g.when.field === path && 'falsy' in g.when,
      );
      if (enabled && !greyedOff)
        problems.push(`${path}: enables ${target}, which is not greyed while it is off`);
    }
  }
  // The other way round: a field greyed while a toggle is off is listed by that toggle.
  for (const { path, field } of fields) {
    for (const grey of field['x-dpgui']?.greyedWhen ?? []) {
      const when = grey.when;
      if (!('field' in when) || !('falsy' in when)) continue;
      const toggle = byPath.get(when.field);
      if (toggle?.type !== 'boolean') continue;
      if (!toggle['x-dpgui']?.enables?.includes(path)) {
        problems.push(`${when.field}: switches ${path} on but does not declare it in enables`);
      }
    }
  }
  return problems;
}

/** An engine's config-schema answer: sections, an Optional section, a choice, fields with and without docstrings. */
const engineAnswer: EngineSchemaNode = {
  type: 'object',
  properties: {
    precision: { type: 'string', enum: ['FP16', 'BF16', 'FP32'], default: 'BF16' },
    learning_rate: {
      type: 'number',
      default: 0.0002,
      description: 'Step size of the optimizer.\n\nLarger steps learn faster and less stably.',
    },
    max_steps: { type: 'integer', default: 500 },
    data: {
      type: 'object',
      description: 'Where the images come from.',
      properties: {
        resolution: { type: 'integer', default: 512 },
        bucketing: { type: 'string', enum: ['NONE', 'ASPECT'], default: 'ASPECT' },
        augment: { type: 'object', properties: { flip: { type: 'boolean', default: false } } },
      },
    },
    scheduler: {
      anyOf: [
        { type: 'object', properties: { warmup_steps: { type: 'integer', default: 100 } } },
        { type: 'null' },
      ],
      default: null,
    },
    target_modules: { type: 'array', items: { type: 'string' }, default: ['to_q', 'to_v'] },
    extra: { type: ['string', 'integer'] },
  },
};

const schemas: [string, ObjectSchema][] = [
  ...Object.entries(trainerDefinitions).map(([kind, def]): [string, ObjectSchema] => [kind, def.schema]),
  [
    'generic with an engine schema',
    genericFormWith({ source: 'engine-dataclasses', schema: engineAnswer }).schema,
  ],
  [
    'generic from a YAML config',
    genericFormWith({
      source: 'yaml',
      doc: { model: { name: 'sdxl', lr: 0.0001 }, steps: 100, tags: ['a', 'b'], note: null },
    }).schema,
  ],
];

describe('form metadata of every trainer schema', () => {
  it.each(schemas)(
    '%s: every field has a label, a tooltip of its own and a label for each choice',
    (_, schema) => {
      expect(everyField(schema.properties).length).toBeGreaterThan(3);
      expect(metadataProblems(schema)).toEqual([]);
    },
  );

  it('finds a missing tooltip, a placeholder, an unlabelled choice and an undeclared toggle', () => {
    const broken: ObjectSchema = {
      type: 'object',
      properties: {
        a: { type: 'string', 'x-dpgui': { section: 's', label: 'Alpha' } },
        b: { type: 'string', 'x-dpgui': { section: 's', label: 'Beta', tooltip: 'Beta.' } },
        c: {
          type: 'string',
          enum: ['x', 'y'],
          'x-dpgui': {
            section: 's',
            label: 'Gamma',
            tooltip: 'Picks one of two ways.',
            choiceLabels: { x: 'X' },
          },
        },
        on: { type: 'boolean', 'x-dpgui': { section: 's', label: 'On', tooltip: 'Turns the value on.' } },
        value: {
          type: 'number',
          'x-dpgui': {
            section: 's',
            label: 'Value',
            tooltip: 'The value the toggle switches on.',
            greyedWhen: [{ when: { field: 'on', falsy: true }, reason: 'Off.' }],
          },
        },
      },
    };
    expect(metadataProblems(broken)).toEqual([
      'a: tooltip is no tooltip (undefined)',
      'b: tooltip is the label again ("Beta.")',
      'c: choice y has no label',
      'on: switches value on but does not declare it in enables',
    ]);
  });

  it('declares the toggles of both forms with the fields they enable', () => {
    const enables = (schema: ObjectSchema): Record<string, string[]> =>
      Object.fromEntries(
        everyField(schema.properties).flatMap(({ path, field }) =>
          field['x-dpgui']?.enables ? [[path, field['x-dpgui'].enables]] : [],
        ),
      );
    expect(enables(sdScriptsTrainer.schema)).toMatchObject({
      enable_bucket: ['bucket_no_upscale', 'min_bucket_reso', 'max_bucket_reso', 'bucket_reso_steps'],
      cache_latents: ['cache_latents_to_disk'],
      masked_loss: ['subsets.*.conditioning_data_dir'],
      resolution_height_enabled: ['resolution_height'],
    });
    expect(enables(diffusionPipeTrainer.schema)).toEqual({
      'dataset.enable_ar_bucket': [
        'dataset.min_ar',
        'dataset.max_ar',
        'dataset.num_ar_buckets',
        'dataset.ar_buckets',
      ],
      'monitoring.enable_wandb': [
        'monitoring.wandb_api_key',
        'monitoring.wandb_tracker_name',
        'monitoring.wandb_run_name',
      ],
    });
  });

  it("gives sd-scripts' generated options a readable label and a tooltip summarised from their help", () => {
    const fields = sdScriptsTrainer.schema.properties;
    expect(fields.min_snr_gamma?.['x-dpgui']?.label).toBe('Min-SNR gamma'); // our own form field
    expect(fields.huber_scale?.['x-dpgui']).toMatchObject({
      label: 'Huber scale',
      tooltip:
        'The Huber loss scale parameter. Only used if one of the huber loss modes (huber or smooth l1) is selected with loss_type.',
    });
    expect(fields.ip_noise_gamma_random_strength?.['x-dpgui']?.label).toBe('IP noise gamma random strength');
    expect(fields.console_log_level?.['x-dpgui']?.choiceLabels).toMatchObject({
      INFO: 'Info',
      DEBUG: 'Debug',
    });
    const advanced = generatedOptions.filter((o) => fields[o.name]?.['x-dpgui']?.section === 'advanced');
    expect(advanced.length).toBeGreaterThan(80);
    for (const option of advanced) {
      const tooltip = fields[option.name]?.['x-dpgui']?.tooltip ?? '';
      expect(tooltip).toBe(tooltipOfOption(option));
      expect(tooltip, option.name).not.toBe(option.help?.trim());
      // A summary, not the help written as it is: no Japanese half, and never longer than a tooltip.
      expect(tooltip).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(tooltip.length).toBeLessThanOrEqual(180);
    }
  });
});
