/**
 * What "the same config" means for round trips: greyed fields dropped (they are kept but not
 * written), and empty values (unset: "", null, false, [], {}) dropped, as the writers treat them.
 * Subset names are labels for people and not part of sd-scripts' files.
 */
import {
  greyedFields,
  isGreyedPath,
  type TrainerConfig,
  type TrainerDefinition,
} from '../../../shared/trainers/common';

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function prune(value: unknown, path: string, drop: (path: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item, i) => prune(item, `${path}.${i}`, drop));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (drop(childPath)) continue;
      const pruned = prune(child, childPath, drop);
      if (!isEmpty(pruned)) out[key] = pruned;
    }
    return out;
  }
  return value;
}

export function canonicalConfig(
  definition: TrainerDefinition,
  config: TrainerConfig,
  ignore: readonly RegExp[] = [],
): TrainerConfig {
  const greyed = greyedFields(definition.schema, config);
  const values = prune(
    config.values,
    '',
    (path) => isGreyedPath(greyed, path) || ignore.some((r) => r.test(path)),
  );
  return {
    trainer: config.trainer,
    family: config.family,
    values: values as Record<string, unknown>,
    ...(config.passThrough && !isEmpty(config.passThrough) ? { passThrough: config.passThrough } : {}),
  };
}
