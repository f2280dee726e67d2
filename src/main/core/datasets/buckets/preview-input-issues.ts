/**
 * What makes a config unfit for a bucket preview: a family its trainer does not have, or a value of the
 * wrong type or out of range (a batch size of 0, a resolution in words). Those are refused, naming the
 * field. What a draft simply lacks (a required field, an empty folder, a missing model file) is not: the
 * preview of a config being filled in answers with what it can.
 */
import type { ErrorDetail } from '../../../../shared/contract';
import {
  fillDefaults,
  greyedFields,
  greyedLookup,
  isJsonObject,
  labelAt,
  withoutCleared,
  type TrainerConfig,
  type TrainerDefinition,
} from '../../../../shared/trainers/common';
import { describeAjvError, schemaValidator } from '../../configs/validate-config';

/** Schema rules a draft config breaks only because it is unfinished. */
const unfinished = new Set(['required', 'minLength', 'minItems']);

export function previewInputIssues(definition: TrainerDefinition, config: TrainerConfig): ErrorDetail[] {
  if (!definition.families.some((f) => f.id === config.family))
    return [
      {
        path: 'family',
        message: `"${config.family}" is not a family of ${definition.label}; choose one of ${definition.families.map((f) => f.label).join(', ')}.`,
      },
    ];
  const filled = fillDefaults(definition, config);
  const values = isJsonObject(filled.values) ? filled.values : {};
  const isGreyed = greyedLookup(greyedFields(definition.schema, { ...filled, values }));
  const validate = schemaValidator(definition);
  if (validate(withoutCleared(values))) return [];
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (unfinished.has(error.keyword)) continue;
    const { path, message } = describeAjvError(error);
    if (path !== '' && isGreyed(path)) continue;
    const at = path === '' ? 'values' : `values.${path}`;
    const detail = { path: at, message: `${labelAt(definition.schema, path)}: ${message}` };
    const key = `${detail.path}\u0000${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  return details;
}
