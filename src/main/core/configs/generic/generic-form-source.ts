/**
 * configs.schema's form for the generic trainer: from the dataclasses the install's engine declares
 * (settings: trainers.generic.configClass, read by python-bridge in the install's interpreter, cached
 * per install and engine file), else from the keys of the YAML config the request carries, else the
 * trainer's own fields. When the engine could not be asked, the answer says why in one sentence and
 * falls back; it is never an error of the request.
 */
import { genericFamily, genericTrainer } from '../../../../shared/trainers/generic';
import { genericFormWith, type GenericForm } from '../../../../shared/trainers/generic/engine-form';
import { builtInForm, type TrainerForm, type TrainerFormSource } from '../trainer-form';
import {
  createEngineSchemaCache,
  type EngineSchemaCacheOptions,
  type GenericInstall,
} from './engine-schema-cache';

export interface GenericFormSourceOptions extends EngineSchemaCacheOptions {
  /** The generic install as settings hold it now. */
  install: () => GenericInstall;
}

const setting = 'Settings → Trainers → the generic trainer';

function formOf(form: GenericForm, source: TrainerForm['source']): TrainerForm {
  return {
    sections: form.sections.map((s) => ({ ...s })),
    schema: { ...form.schema },
    defaults: { [genericFamily.id]: form.defaults },
    source,
  };
}

export function createGenericFormSource(options: GenericFormSourceOptions): TrainerFormSource {
  const schemas = createEngineSchemaCache(options);
  return async ({ yaml }) => {
    const install = options.install();
    const target = install.configClass?.trim() ?? '';
    let note: string | undefined;
    if (target !== '' && install.python.trim() === '') {
      note = `The engine's config class ${target} could not be read: the generic install has no Python interpreter set (${setting}).`;
    } else {
      const lookup = await schemas.lookup(install);
      if (lookup.state === 'read')
        return formOf(
          genericFormWith({ source: 'engine-dataclasses', schema: lookup.schema }),
          'engine-dataclasses',
        );
      if (lookup.state === 'failed')
        note = `The engine's config class ${target} could not be read: ${lookup.message.replace(/\.$/, '')}.`;
    }
    const fallback = yaml
      ? formOf(genericFormWith({ source: 'yaml', doc: yaml }), 'yaml')
      : builtInForm(genericTrainer);
    if (note === undefined) return fallback;
    const instead = yaml ? "the YAML config's keys" : "the generic trainer's own fields";
    return { ...fallback, sourceNote: `${note} The form follows ${instead} instead.` };
  };
}
