/**
 * The form part of configs.schema's answer: a trainer's own (from its definition), or one a form
 * source builds per request (the generic trainer's, from its engine). Sources are registered by
 * trainer kind, so the handler never asks which trainer it serves.
 */
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { TrainerDefinition, TrainerKind } from '../../../shared/trainers/common';

export type TrainerForm = Pick<
  ResponseOf<'configs.schema'>,
  'sections' | 'schema' | 'defaults' | 'source' | 'sourceNote'
>;

export type TrainerFormSource = (request: RequestOf<'configs.schema'>) => Promise<TrainerForm>;

export type TrainerFormSources = Partial<Record<TrainerKind, TrainerFormSource>>;

/** The form the trainer's definition declares (copies: the answer is the caller's to change). */
export function builtInForm(definition: TrainerDefinition): TrainerForm {
  return {
    sections: definition.sections.map((s) => ({ ...s })),
    schema: { ...definition.schema },
    defaults: Object.fromEntries(definition.families.map((f) => [f.id, definition.defaults(f.id)])),
    source: 'built-in',
  };
}
