/**
 * What the editor opens with, read from the host: a job's config (edit only while the job waits, else
 * a copy), a preset's, or a new config; then the trainer's form (configs.schema) and the store.
 */
import type { DpguiClient, Job, TrainerConfig } from '../../../../../shared/contract';
import type { TrainerKind } from '../../../../../shared/contract/trainer-kinds';
import { createEditorStore, type EditorOrigin, type EditorStore } from '../state/editor-store';
import { toEditorSchema, type EditorSchema } from '../state/editor-schema';
import type { EditorSource } from './editor-search';
import { newConfig } from './new-config';

/** The trainer a new config starts with. */
export const firstTrainer: TrainerKind = 'sd-scripts';

/** What a store is made from: the trainer, the config (null: a new one of the trainer) and its origin. */
export interface EditorSeed {
  trainer: TrainerKind;
  config: TrainerConfig | null;
  origin: EditorOrigin;
  /** The job the config came from. */
  job?: Job;
  /** Said above the form once: a job that started can no longer be edited, so it opened as a copy. */
  notice?: string;
}

export async function seedOf(client: DpguiClient, source: EditorSource): Promise<EditorSeed> {
  switch (source.kind) {
    case 'new':
      return { trainer: firstTrainer, config: null, origin: { kind: 'new' } };
    case 'preset': {
      const preset = await client.request('presets.get', { id: source.presetId });
      return {
        trainer: preset.config.trainer,
        config: preset.config,
        origin: { kind: 'preset', presetId: preset.id, name: preset.name, builtIn: preset.builtIn },
      };
    }
    case 'job': {
      const job = await client.request('jobs.get', { id: source.jobId });
      const editable = source.mode === 'edit' && job.abilities.edit.allowed;
      const notice =
        source.mode === 'edit' && !editable
          ? `“${job.name}” can no longer be edited (${job.abilities.edit.reason ?? 'it has started'}), so its config opened as a copy to queue as a new job.`
          : undefined;
      return {
        trainer: job.config.trainer,
        config: job.config,
        origin: { kind: 'job', jobId: job.id, name: job.name, mode: editable ? 'edit' : 'clone' },
        job,
        ...(notice ? { notice: notice.replace(/\.\)/, ')') } : {}),
      };
    }
  }
}

/** The generic trainer's form follows the engine's YAML config; the others have their own. */
function yamlOf(config: TrainerConfig | null): Record<string, unknown> | undefined {
  const yaml = config?.values.config;
  return typeof yaml === 'object' && yaml !== null && !Array.isArray(yaml)
    ? (yaml as Record<string, unknown>)
    : undefined;
}

/**
 * A trainer's built-in form, asked once per client: it is the same for every config of the trainer,
 * and opening the editor again (or a job's copy) then paints without waiting for the host.
 */
const builtInForms = new WeakMap<DpguiClient, Map<TrainerKind, Promise<EditorSchema>>>();

function builtInForm(client: DpguiClient, trainer: TrainerKind): Promise<EditorSchema> {
  const forms = builtInForms.get(client) ?? new Map<TrainerKind, Promise<EditorSchema>>();
  builtInForms.set(client, forms);
  const held = forms.get(trainer);
  if (held) return held;
  const asked = client.request('configs.schema', { trainer }).then(toEditorSchema);
  forms.set(trainer, asked);
  // A failed answer is not kept: the next opening asks again.
  asked.catch(() => forms.delete(trainer));
  return asked;
}

/** Starts reading the form a new config or most presets use, while the seed is still being read. */
export function prefetchForm(client: DpguiClient, trainer: TrainerKind = firstTrainer): void {
  builtInForm(client, trainer).catch(() => undefined);
}

export async function storeOf(client: DpguiClient, seed: EditorSeed): Promise<EditorStore> {
  // The generic trainer's form follows its engine's config, so it is asked for each config.
  const schema =
    seed.trainer === 'generic'
      ? toEditorSchema(
          await client.request('configs.schema', {
            trainer: seed.trainer,
            ...(yamlOf(seed.config) === undefined ? {} : { yaml: yamlOf(seed.config) }),
          }),
        )
      : await builtInForm(client, seed.trainer);
  return createEditorStore(schema, seed.config ?? newConfig(schema), seed.origin);
}
