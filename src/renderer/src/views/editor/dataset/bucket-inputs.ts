/**
 * The part of a config the bucket preview depends on, as one string: the preview is asked again only
 * when it changes, so typing a learning rate or a comment sends nothing. Generous on purpose (a key
 * too many costs one debounced request; a key too few shows stale steps): everything of the dataset
 * and bucket sections, and any key about batches, buckets, accumulation, epochs, steps, resolution,
 * repeats or pipeline stages, plus diffusion-pipe's model table (its type sets the size rounding).
 */
import type { TrainerConfig } from '../../../../../shared/contract';
import type { EditorSchema } from '../state/editor-schema';

const relevantKey =
  /batch|bucket|accumul|epoch|step|resolution|repeat|pipeline|max_train|subsets|datasets|caption/;
const relevantSections = new Set(['dataset', 'buckets']);

/** The top-level keys of `values` the preview reads (by the schema's sections and the names above). */
export function bucketInputKeys(schema: EditorSchema): (key: string) => boolean {
  const properties = schema.schema.properties;
  return (key) => {
    if (key === 'model' || relevantKey.test(key)) return true;
    const section = properties[key]?.['x-dpgui']?.section;
    return section !== undefined && relevantSections.has(section);
  };
}

/** The preview's inputs of `config` as a string, equal for configs that preview the same. */
export function bucketInputsKey(isInput: (key: string) => boolean, config: TrainerConfig): string {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(config.values).sort()) if (isInput(key)) picked[key] = config.values[key];
  return JSON.stringify([config.trainer, config.family, picked]);
}

const keysByInputs = new WeakMap<(key: string) => boolean, WeakMap<TrainerConfig, string>>();

/** bucketInputsKey, computed once per config object (the store keeps the object while nothing changes). */
export function cachedBucketInputsKey(isInput: (key: string) => boolean, config: TrainerConfig): string {
  let keys = keysByInputs.get(isInput);
  if (!keys) {
    keys = new WeakMap();
    keysByInputs.set(isInput, keys);
  }
  const held = keys.get(config);
  if (held !== undefined) return held;
  const key = bucketInputsKey(isInput, config);
  keys.set(config, key);
  return key;
}
