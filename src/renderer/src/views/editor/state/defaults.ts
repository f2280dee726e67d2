/**
 * The value a field shows when the config leaves it out: the family's default (configs.schema's
 * `defaults`), else the schema's own default (inside a list item: the item schema's). A field whose
 * value equals this is "unchanged" in the form; "reset" sets it back to this.
 */
import { schemaAt } from '../../../../../shared/trainers/common/schema-walk';
import { readPath } from './value-path';
import type { EditorSchema } from './editor-schema';

export function defaultAt(schema: EditorSchema, family: string, path: string): unknown {
  const own = readPath(schema.defaults[family] ?? {}, path);
  if (own !== undefined) return own;
  return schemaAt(schema.schema, path)?.default;
}
