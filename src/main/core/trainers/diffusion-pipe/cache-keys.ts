import { isJsonObject, type TrainerConfig } from '../../../../shared/trainers';

/**
 * diffusion-pipe's caches live beside each dataset folder and are keyed by model type, without
 * locking: two jobs sharing a folder and a model type must not run at once.
 */
export function diffusionPipeCacheKeys(config: TrainerConfig): string[] {
  const values = config.values;
  const model =
    isJsonObject(values.model) && typeof values.model.type === 'string' ? values.model.type : config.family;
  const dataset = isJsonObject(values.dataset) ? values.dataset : {};
  const folders = Array.isArray(dataset.directories) ? dataset.directories : [];
  return (
    folders
      .map((item) => (isJsonObject(item) && typeof item.path === 'string' ? item.path : ''))
      .filter((path) => path !== '')
      // `<dataset folder>\0<model type>`: the planner's reason names both.
      .map((path) => `${path}\u0000${model}`)
  );
}
