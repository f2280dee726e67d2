/**
 * configs.schema's answer with the trainer types it carries (the contract keeps `schema`, `sections`
 * and `conflicts` as plain objects so any client can read them; the shared trainer types say what
 * they hold).
 */
import type { ResponseOf } from '../../../../../shared/contract';
import type {
  ConflictRule,
  FamilyDef,
  ObjectSchema,
  SectionDef,
  TrainerKind,
} from '../../../../../shared/trainers/common/types';

export interface EditorSchema {
  trainer: TrainerKind;
  label: string;
  families: FamilyDef[];
  sections: SectionDef[];
  schema: ObjectSchema;
  conflicts: ConflictRule[];
  /** family id → the values a new config of that family starts with. */
  defaults: Record<string, Record<string, unknown>>;
  source: ResponseOf<'configs.schema'>['source'];
  sourceNote?: string;
}

export function toEditorSchema(response: ResponseOf<'configs.schema'>): EditorSchema {
  return {
    trainer: response.trainer,
    label: response.label,
    families: response.families,
    sections: response.sections as unknown as SectionDef[],
    schema: response.schema as unknown as ObjectSchema,
    conflicts: response.conflicts as unknown as ConflictRule[],
    defaults: response.defaults as Record<string, Record<string, unknown>>,
    source: response.source,
    ...(response.sourceNote === undefined ? {} : { sourceNote: response.sourceNote }),
  };
}
