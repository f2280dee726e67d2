/**
 * The generic trainer's form with its engine's fields in place of the free `config` object: from the
 * engine's own dataclasses (python-bridge's config-schema) or, when it declares none, from a YAML
 * config's keys. The engine's sections sit under the Config section ("config.model"), so they never
 * clash with the trainer's own; a new config starts from the engine's defaults and carries the
 * engine's schema as the snapshot its checks follow.
 */
import type { ObjectSchema, SectionDef } from '../common/types';
import { defaultCommandTemplate } from './command-template';
import { engineDefaults, engineFormSchema, yamlToSchema, type EngineSchemaNode } from './engine-schema';
import { genericTrainer } from './index';

export type GenericEngine =
  | { source: 'engine-dataclasses'; schema: EngineSchemaNode }
  | { source: 'yaml'; doc: Record<string, unknown> };

export interface GenericForm {
  sections: SectionDef[];
  schema: ObjectSchema;
  /** The values a new config starts with. */
  defaults: Record<string, unknown>;
}

const configSection = 'config';

export function genericFormWith(engine: GenericEngine): GenericForm {
  const prefix = `${configSection}.`;
  const form =
    engine.source === 'engine-dataclasses'
      ? engineFormSchema(engine.schema, prefix)
      : yamlToSchema(engine.doc, prefix);
  const base = genericTrainer.schema;
  const configMeta = base.properties.config?.['x-dpgui'];
  const sections = genericTrainer.sections.flatMap((section) =>
    section.id === configSection ? [section, ...form.sections] : [section],
  );
  const schema: ObjectSchema = {
    ...base,
    properties: {
      ...base.properties,
      config: {
        ...form.schema,
        ...(configMeta ? { 'x-dpgui': configMeta } : {}),
      },
    },
  };
  const defaults =
    engine.source === 'engine-dataclasses'
      ? {
          command: defaultCommandTemplate,
          config: engineDefaults(engine.schema),
          overrides: [],
          engineSchema: structuredClone(engine.schema),
        }
      : { command: defaultCommandTemplate, config: structuredClone(engine.doc), overrides: [] };
  return { sections, schema, defaults };
}
