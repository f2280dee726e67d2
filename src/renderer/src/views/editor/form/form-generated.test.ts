// @vitest-environment happy-dom
/**
 * Generated over every field of every trainer schema (sd-scripts per family, diffusion-pipe per model
 * type, the generic trainer from an engine's schema): the form renders a control named by the field's
 * label; a value typed, clicked or chosen in that control reaches the files configs.preview writes
 * (asked of a real host over HTTP); and a greyed field's value is not written.
 */
import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestName, ResponseOf } from '../../../../../shared/contract';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { fieldsOfRule } from '../../../../../shared/trainers/common/rules';
import { greyedLookup } from '../../../../../shared/trainers/common/schema-walk';
import { genericFamily } from '../../../../../shared/trainers/generic';
import { genericFormWith } from '../../../../../shared/trainers/generic/engine-form';
import type { EngineSchemaNode } from '../../../../../shared/trainers/generic/engine-schema';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import { defaultAt } from '../state/defaults';
import { toEditorSchema, type EditorSchema } from '../state/editor-schema';
import { createEditorStore, type EditorStore } from '../state/editor-store';
import { EditorStoreContext } from '../state/use-editor';
import { readPath, sameJson } from '../state/value-path';
import { EditorForm } from './EditorForm';
import { lineHolds, ungreyingSteps, valueFor } from './form-generated.support';
import { moreKey, type FieldModel, type FormRow } from './form-model';
import { navOf } from './form-nav';
import { choicesOf, scalarText } from './value-text';

beforeAll(() => {
  // happy-dom has no FontFaceSet; Mantine's autosizing textarea listens to it.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: new EventTarget(),
    });
  }
});
afterEach(cleanup);
/**
 * The in-process host (tests/support, Node code) by a path the renderer's tsconfig (DOM, no Node
 * types) does not follow: only the few names used here are typed.
 */
interface TestHost {
  port: number;
  token: string;
}
const support = '../../../../../../tests/support/';
const { useInProcessHosts } = (await import(/* @vite-ignore */ `${support}in-process-host.ts`)) as {
  useInProcessHosts: (token: string, options: { supervise: boolean }) => () => Promise<TestHost>;
};
const { postChannel } = (await import(/* @vite-ignore */ `${support}post-channel.ts`)) as {
  postChannel: (
    host: TestHost,
    channel: RequestName,
    payload: unknown,
  ) => Promise<{ status: number; body: unknown }>;
};
const startHost = useInProcessHosts('test-token-123', { supervise: false }); // eslint-disable-line react-hooks/rules-of-hooks -- a test helper named like a hook, not one

/** The fields each writer writes under another name, or by what they stand for (form-only keys). */
const writtenAs: Record<string, (value: unknown) => { keys: string[]; value: unknown } | null> = {
  // sd-scripts
  lycoris_preset: (v) => ({ keys: ['preset'], value: v }),
  dylora_unit: (v) => ({ keys: ['unit'], value: v }),
  resolution_height: (v) => ({ keys: ['resolution'], value: v }),
  network_args_extra: (v) => ({ keys: ['network_args'], value: v }),
  // diffusion-pipe: "off" and "on" are written as false and true.
  activation_checkpointing: (v) => ({
    keys: ['activation_checkpointing'],
    value: v === 'off' ? false : v === 'on' ? true : v,
  }),
  lora_fa: (v) => (v === true ? { keys: ['network_module'], value: 'networks.lora_fa' } : null),
  // generic: the command and the overrides are the command line, without a key.
  command: (v) => ({ keys: [], value: v }),
  overrides: (v) => ({ keys: [], value: v }),
};

/**
 * Fields that are not written as a value of their own, each with why: form-only choices the writer
 * turns into other options (checked by the writers' own tests), a name only the user sees.
 */
const notWrittenByDesign: Record<string, string> = {
  'subsets.*.name': 'only for the user (target ui)',
  network_algo: 'becomes network_module and its algo argument',
  train_on: 'becomes network_train_unet_only / network_train_text_encoder_only',
  max_train_unit: 'decides between max_train_epochs and max_train_steps',
  keep_tokens_separator_enabled: 'switches the separator on',
  resolution_height_enabled: 'switches the separate height on',
  sample_prompts_list: 'the list itself: its prompts are written to the prompts file',
  engineSchema: 'the snapshot the checks follow, not a file',
};

/** Values chosen by hand where the generated one would switch a whole table off. */
const preferred: Record<string, unknown> = {
  'adapter.type': 'lokr', // "none" is a full fine-tune: no [adapter] table at all
};

interface SetValue {
  path: string;
  template: string;
  field: FieldModel;
  value: unknown;
}

const concrete = (template: string): string => template.replace(/\.\*(?=\.|$)/g, '.0');

/** Every field of the model with the template of the list it sits in (if any). */
interface FieldAt {
  field: FieldModel;
  /** The template of the list it sits in. */
  list?: string;
  /** The families of the lists and groups above it (each must hold the family). */
  within: string[][];
}

/** Every field of the model with the list it sits in and the family limits above it. */
function fieldsOf(rows: FormRow[], within: string[][] = []): FieldAt[] {
  return rows.flatMap((row): FieldAt[] => {
    switch (row.kind) {
      case 'field':
        return [{ field: row, within }];
      case 'toggle-group':
        return [{ field: row.toggle, within }, ...row.fields.map((field) => ({ field, within }))];
      case 'group':
        return fieldsOf(row.rows, row.meta?.families ? [...within, row.meta.families] : within);
      case 'items':
        return fieldsOf(row.rows, row.meta.families ? [...within, row.meta.families] : within).map((f) => ({
          ...f,
          list: f.list ?? row.template,
        }));
    }
  });
}

async function schemaOf(host: TestHost, trainer: 'sd-scripts' | 'diffusion-pipe'): Promise<EditorSchema> {
  const answer = await postChannel(host, 'configs.schema', { trainer });
  expect(answer.status).toBe(200);
  return toEditorSchema(answer.body as ResponseOf<'configs.schema'>);
}

/** An engine's config-schema answer: sections, an optional section, choices, lists and free text. */
const engineAnswer: EngineSchemaNode = {
  type: 'object',
  properties: {
    precision: { type: 'string', enum: ['FP16', 'BF16', 'FP32'], default: 'BF16' },
    learning_rate: {
      type: 'number',
      default: 0.0002,
      minimum: 0,
      description: 'Step size of the optimizer.',
    },
    max_steps: { type: 'integer', default: 500, minimum: 1 },
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
    },
    target_modules: { type: 'array', items: { type: 'string' }, default: ['to_q', 'to_v'] },
  },
};

function genericSchema(): EditorSchema {
  const form = genericFormWith({ source: 'engine-dataclasses', schema: engineAnswer });
  return {
    trainer: 'generic',
    label: 'Generic',
    families: [genericFamily],
    sections: form.sections,
    schema: form.schema,
    conflicts: [],
    defaults: { [genericFamily.id]: form.defaults },
    source: 'engine-dataclasses',
  };
}

function mount(schema: EditorSchema, family: string): { store: EditorStore; root: HTMLElement } {
  const config: TrainerConfig = {
    trainer: schema.trainer,
    family,
    values: structuredClone(schema.defaults[family] ?? {}),
  };
  const store = createEditorStore(schema, config, { kind: 'new' });
  const nav = navOf(store);
  for (const section of nav.model.sections) {
    nav.setOpen(section.id, true);
    nav.setOpen(moreKey(section.id), true);
  }
  const fake = createFakeTransport();
  const view = render(
    createElement(
      MantineProvider,
      null,
      createElement(TransportProvider, {
        transport: fake.transport,
        children: createElement(EditorStoreContext.Provider, { value: store }, createElement(EditorForm)),
      }),
    ),
  );
  return { store, root: view.container };
}

/** Rows by path, read once per render (happy-dom's attribute selectors are slow); re-read on a miss. */
const rowIndex = new WeakMap<HTMLElement, Map<string, HTMLElement>>();
function rowOf(root: HTMLElement, path: string): HTMLElement | null {
  const cached = rowIndex.get(root)?.get(path);
  if (cached?.isConnected) return cached;
  const index = new Map<string, HTMLElement>();
  for (const row of root.querySelectorAll<HTMLElement>('[data-field-path]')) {
    index.set(row.dataset.fieldPath ?? '', row);
  }
  rowIndex.set(root, index);
  return index.get(path) ?? null;
}

/** The row's control: the element its label points at. */
function controlOf(row: HTMLElement): HTMLElement {
  const label = row.querySelector('label');
  const id = label?.getAttribute('for');
  const control = id ? row.ownerDocument.getElementById(id) : null;
  if (!control) throw new Error(`no control in row ${row.dataset.fieldPath}`);
  return control;
}

function change(element: Element, value: string): void {
  act(() => {
    fireEvent.change(element, { target: { value } });
  });
}

/** Sets the value as a user would: types, clicks or picks in the field's own control. */
function setThroughControl(root: HTMLElement, path: string, field: FieldModel, value: unknown): void {
  const row = rowOf(root, path);
  if (!row) throw new Error(`no row for ${path}`);
  const control = controlOf(row);
  // The control is named by the label; a list's "Add" button names the list it adds to.
  expect(control.getAttribute('aria-label'), `${path}: accessible name`).toMatch(
    new RegExp(`^(Add (argument )?to )?${field.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  );
  switch (field.control) {
    case 'switch':
      if ((control as HTMLInputElement).checked !== value) act(() => control.click());
      return;
    case 'select': {
      const key = choicesOf(field.schema).find((c) => sameJson(c.value, value))?.key ?? scalarText(value);
      change(control, key);
      return;
    }
    case 'number-list':
      change(control, (value as number[]).join(', '));
      return;
    case 'text-list': {
      // Remove what is there, "Add" an empty row, type into it.
      for (const remove of [...row.querySelectorAll('button[aria-label^="Remove"]')].reverse()) {
        act(() => (remove as HTMLButtonElement).click());
      }
      const add = controlOf(row);
      act(() => add.click());
      const inputs = row.querySelectorAll('input');
      change(inputs[inputs.length - 1] as HTMLInputElement, (value as string[])[0] ?? '');
      return;
    }
    case 'key-values': {
      const [name, text] = Object.entries(value as Record<string, string>)[0] ?? ['', ''];
      act(() => control.click()); // "Add argument": an empty row
      const inputs = [...row.querySelectorAll('input')];
      change(inputs[inputs.length - 2] as HTMLInputElement, name);
      change(inputs[inputs.length - 1] as HTMLInputElement, text);
      return;
    }
    case 'json':
      change(control, JSON.stringify(value));
      return;
    default:
      change(control, typeof value === 'string' ? value : String(value));
  }
}

async function preview(host: TestHost, config: TrainerConfig): Promise<string> {
  const answer = await postChannel(host, 'configs.preview', { config });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const body = answer.body as ResponseOf<'configs.preview'>;
  return [...body.files.map((f) => f.content), body.launch.args.join('\n')].join('\n');
}

function isWritten(text: string, entry: SetValue): boolean {
  const mapped = writtenAs[entry.field.key]?.(entry.value) ?? { keys: [entry.field.key], value: entry.value };
  // A switch turned off (its default on) is written by leaving its option out.
  if (mapped.value === false) return !lineHolds(text, mapped.keys, true);
  return lineHolds(text, mapped.keys, mapped.value);
}

/**
 * One family in the mounted form: per round, start from the family's new config, set every field not
 * yet proven through its control (un-greying it through the controls of the fields its rule reads,
 * where that is simple), preview, and keep what was written. Then greyed fields get values (as an
 * import would bring them) that must not be written.
 */
async function checkFamily(
  host: TestHost,
  { store, root }: { store: EditorStore; root: HTMLElement },
  family: string,
): Promise<number> {
  const schema = store.schema;
  const fresh = (): void =>
    act(() =>
      store.dispatch({
        type: 'replace',
        config: { trainer: schema.trainer, family, values: structuredClone(schema.defaults[family] ?? {}) },
      }),
    );
  const model = navOf(store).model;
  const all = model.sections.flatMap((s) => fieldsOf(s.rows));
  const byTemplate = new Map(all.map((f) => [f.field.template, f.field]));
  const enumOf = (template: string) => byTemplate.get(template)?.schema.enum;
  const appliesHere = ({ field, within }: FieldAt) =>
    [...within, field.meta.families ?? [family]].every((families) => families.includes(family));
  const remaining = new Set(
    all
      .filter((f) => appliesHere(f) && !(f.field.template in notWrittenByDesign))
      .map((f) => f.field.template),
  );
  const rendered = new Set<string>();
  let lastText = '';
  for (let round = 0; round < 4 && remaining.size > 0; round += 1) {
    fresh();
    const set: SetValue[] = [];
    const isGreyed = (path: string) => greyedLookup(store.getState().greyed)(path);
    let seed = round;
    for (const { field, list } of all) {
      const path = concrete(field.template);
      if (list && !rowOf(root, path)) {
        // An empty list of items: add one through its button.
        const add = rowOf(root, list)?.querySelector('button');
        if (add) act(() => add.click());
      }
      if (rowOf(root, path)) rendered.add(field.template);
      if (!remaining.has(field.template)) continue;
      if (isGreyed(path)) {
        for (const rule of field.meta.greyedWhen ?? []) {
          for (const step of ungreyingSteps(rule.when, enumOf)) {
            const controller = byTemplate.get(step.field);
            if (!controller || isGreyed(step.field) || !rowOf(root, step.field)) continue;
            // "Truthy" for a field that is not a switch: any value of its own.
            const value =
              typeof step.value === 'boolean' && controller.control !== 'switch'
                ? step.value
                  ? valueFor(controller, defaultAt(schema, family, step.field), seed)
                  : null
                : step.value;
            if (value === null) continue;
            setThroughControl(root, step.field, controller, value);
          }
        }
        // Rules that name one choice field several times: try its choices in turn.
        for (const read of new Set((field.meta.greyedWhen ?? []).flatMap((r) => fieldsOfRule(r.when)))) {
          const controller = byTemplate.get(read);
          if (!isGreyed(path) || !controller?.schema.enum || isGreyed(read) || !rowOf(root, read)) continue;
          for (const choice of controller.schema.enum) {
            if (!isGreyed(path)) break;
            setThroughControl(root, read, controller, choice);
          }
        }
        if (isGreyed(path)) continue;
      }
      seed += 1;
      const value = preferred[field.template] ?? valueFor(field, defaultAt(schema, family, path), seed);
      setThroughControl(root, path, field, value);
      set.push({ path, template: field.template, field, value });
    }
    const config = store.getState().history.present;
    const text = await preview(host, config);
    const greyedNow = greyedLookup(store.getState().greyed);
    lastText = text;
    for (const entry of set) {
      if (greyedNow(entry.path)) continue;
      const now = readPath(config.values, entry.path);
      // A later un-greying step may have changed a controller: only what stands is checked.
      if (!sameJson(now, entry.value)) continue;
      if (isWritten(text, entry)) remaining.delete(entry.template);
    }
  }
  const missing = all.filter((f) => appliesHere(f) && !rendered.has(f.field.template));
  expect(
    missing.map((f) => f.field.template),
    `${family}: fields without a control`,
  ).toEqual([]);
  const notWritten = [...remaining].map((template) => {
    const key = template.split('.').at(-1) ?? template;
    return `${template} [${lastText
      .split('\n')
      .filter((l) => l.includes(key))
      .join(' | ')}]`;
  });
  expect(notWritten, `${family}: values set through the form but not written`).toEqual([]);

  // Greyed: a value the config holds there (from an import, say) is not written.
  const greyedPaths = store.getState().greyed.map((g) => g.path);
  const planted: SetValue[] = [];
  for (const path of greyedPaths) {
    const field = byTemplate.get(path.replace(/\.\d+(?=\.|$)/g, '.*'));
    if (!field || field.template in notWrittenByDesign) continue;
    const value = valueFor(field, defaultAt(schema, family, path), planted.length + 11);
    act(() => store.dispatch({ type: 'set', path, value, at: Date.now(), newStep: true }));
    planted.push({ path, template: field.template, field, value });
  }
  // A planted value may un-grey another field (its rule reads a greyed field's value): check the greyed.
  const stillGreyed = greyedLookup(store.getState().greyed);
  const text = await preview(host, store.getState().history.present);
  const leaked = planted
    .filter((entry) => stillGreyed(entry.path) && isWritten(text, entry))
    .map(
      (e) =>
        `${e.path}: ${text
          .split('\n')
          .filter((l) => l.includes(e.field.key))
          .join(' | ')}`,
    );
  expect(leaked, `${family}: greyed fields written`).toEqual([]);
  return planted.length;
}

describe('the generated form, over every field of every trainer schema', () => {
  it('sd-scripts, each family: a control per field, set values written, greyed ones not', async () => {
    const host = await startHost();
    const schema = await schemaOf(host, 'sd-scripts');
    const form = mount(schema, schema.families[0]?.id ?? 'sd');
    for (const family of schema.families) {
      expect(await checkFamily(host, form, family.id), `${family.id}: greyed fields checked`).toBeGreaterThan(
        0,
      );
    }
  }, 120_000);

  it('diffusion-pipe, each model type: a control per field, set values written, greyed ones not', async () => {
    const host = await startHost();
    const schema = await schemaOf(host, 'diffusion-pipe');
    const form = mount(schema, schema.families[0]?.id ?? 'sdxl');
    for (const family of schema.families) {
      expect(await checkFamily(host, form, family.id), `${family.id}: greyed fields checked`).toBeGreaterThan(
        0,
      );
    }
  }, 240_000);

  it("the generic trainer from its engine's schema: a control per field, set values written", async () => {
    const host = await startHost();
    await checkFamily(host, mount(genericSchema(), genericFamily.id), genericFamily.id);
  }, 60_000);
});
