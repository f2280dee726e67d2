/** Terse constructors for schema properties with our metadata. */
import type { FieldMeta, FieldSchema } from './types';

export function defineField(schema: Omit<FieldSchema, 'x-dpgui'>, meta: FieldMeta): FieldSchema {
  return { ...schema, 'x-dpgui': meta };
}
