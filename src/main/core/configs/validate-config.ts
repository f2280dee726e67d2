/**
 * The validation engine, the same for every trainer kind: the trainer's JSON Schema (ajv), then our
 * rules (required-when, conflicts), then the trainer's world checks and the check that no other queued
 * or running job writes the same output. Greyed fields are kept but never an error.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ErrorDetail } from '../../../shared/contract';
import { getTrainer } from '../../../shared/trainers';
import {
  evaluateRule,
  fillDefaults,
  greyedFields,
  greyedLookup,
  isInside,
  isJsonObject,
  isTruthy,
  labelAt,
  readPath,
  type ConfigIssue,
  type FieldSchema,
  type GreyedField,
  type RuleContext,
  type TrainerConfig,
  type TrainerDefinition,
  type WorldProbe,
  withoutCleared,
} from '../../../shared/trainers/common';
import {
  checkParsedValue,
  ParseLimitError,
  trainerConfigLimits,
} from '../../../shared/trainers/common/parse-limits';
import { pointerToPath } from '../contract/schema-validators';

/** An output of a queued or running job (the queue provides them). */
export interface ActiveOutput {
  jobId: string;
  /** How people know the job ("my_lora (queued)"). */
  label: string;
  dir: string;
  name?: string;
}

export interface ValidateOptions {
  probe: WorldProbe;
  activeOutputs?: () => readonly ActiveOutput[];
  /** The job being edited or enqueued: its own outputs do not collide with themselves. */
  jobId?: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ConfigIssue[];
  greyed: GreyedField[];
}

const compiled = new WeakMap<TrainerDefinition, ValidateFunction>();
let sharedAjv: Ajv | undefined;

/** ajv with our metadata keyword known, so strict mode stays on for everything else. */
export function createTrainerAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(['x-dpgui']);
  return ajv;
}

export function schemaValidator(definition: TrainerDefinition): ValidateFunction {
  let validate = compiled.get(definition);
  if (!validate) {
    sharedAjv ??= createTrainerAjv();
    validate = sharedAjv.compile(definition.schema);
    compiled.set(definition, validate);
  }
  return validate;
}

export function describeAjvError(error: ErrorObject): { path: string; message: string } {
  const base = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const at = (key: string): string => (base === '' ? key : `${base}.${key}`);
  switch (error.keyword) {
    case 'required':
      return { path: at(String(params.missingProperty)), message: 'is required.' };
    case 'additionalProperties':
      return { path: at(String(params.additionalProperty)), message: 'is not an option of this trainer.' };
    case 'enum':
      return {
        path: base,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`,
      };
    case 'type':
      return { path: base, message: `must be ${describeType(String(params.type))}.` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const word = {
        minimum: 'at least',
        exclusiveMinimum: 'more than',
        maximum: 'at most',
        exclusiveMaximum: 'less than',
      }[error.keyword];
      return { path: base, message: `must be ${word} ${String(params.limit)}.` };
    }
    case 'minLength':
      return { path: base, message: 'must not be empty.' };
    case 'minItems':
      return { path: base, message: `needs at least ${String(params.limit)} item(s).` };
    case 'maxItems':
      return { path: base, message: `takes at most ${String(params.limit)} item(s).` };
    default:
      return { path: base, message: `${error.message ?? `fails the ${error.keyword} rule`}.` };
  }
}

function describeType(type: string): string {
  return (
    {
      integer: 'a whole number',
      number: 'a number',
      string: 'text',
      boolean: 'on or off',
      array: 'a list',
      object: 'a group of fields',
    }[type] ?? type
  );
}

/** Every field of the schema with its value context; array items expanded. */
function forEachField(
  schema: FieldSchema,
  config: TrainerConfig,
  visit: (path: string, field: FieldSchema, context: RuleContext) => void,
): void {
  const base: RuleContext = { values: config.values, family: config.family };
  const walk = (properties: Record<string, FieldSchema>, prefix: string, context: RuleContext): void => {
    for (const [key, child] of Object.entries(properties)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      visit(path, child, context);
      if (child.type === 'object' && child.properties) walk(child.properties, path, context);
      else if (child.type === 'array' && child.items?.type === 'object' && child.items.properties) {
        const items = readPath(config.values, path);
        if (!Array.isArray(items)) continue;
        items.forEach((item: unknown, index) => {
          const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
          walk(child.items?.properties ?? {}, `${path}.${index}`, { ...base, item: record });
        });
      }
    }
  };
  walk(schema.properties ?? {}, '', base);
}

function outputKey(dir: string, name: string | undefined): string {
  return `${dir.replace(/\\/g, '/').replace(/\/+$/, '')}\u0000${name ?? ''}`;
}

export function validateWithDefinition(
  definition: TrainerDefinition,
  config: TrainerConfig,
  options: ValidateOptions,
): ValidationResult {
  const schema = definition.schema;
  const familyLabel = (id: string): string => definition.families.find((f) => f.id === id)?.label ?? id;
  const issues: ConfigIssue[] = [];
  if (!definition.families.some((f) => f.id === config.family)) {
    issues.push({
      path: 'family',
      label: 'Model family',
      severity: 'error',
      message: `"${config.family}" is not a family of ${definition.label}; choose one of ${definition.families.map((f) => f.label).join(', ')}.`,
    });
    return { valid: false, issues, greyed: [] };
  }
  // What is checked is what would be written: the keys a config leaves out take the shown defaults.
  const filled = fillDefaults(definition, config);
  // The contract's schema guarantees an object; the fuzz tests call this without it.
  const values: Record<string, unknown> = isJsonObject(filled.values) ? filled.values : {};
  const safe: TrainerConfig = { ...filled, values };
  const greyed = greyedFields(schema, safe, familyLabel);
  const isGreyed = greyedLookup(greyed);
  const label = (path: string): string => labelAt(schema, path);

  const validate = schemaValidator(definition);
  if (!validate(withoutCleared(values))) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const { path, message } = describeAjvError(error);
      if (path !== '' && isGreyed(path)) continue;
      const key = `${path}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push({
        path: path === '' ? 'values' : `values.${path}`,
        label: label(path),
        severity: 'error',
        message,
      });
    }
  }

  forEachField(schema, safe, (path, field, context) => {
    const rule = field['x-dpgui']?.requiredWhen;
    if (!rule || isGreyed(path)) return;
    if (evaluateRule(rule, context) && !isTruthy(readPath(values, path)) && readPath(values, path) !== 0) {
      issues.push({ path: `values.${path}`, label: label(path), severity: 'error', message: 'is required.' });
    }
  });

  for (const conflict of definition.conflicts) {
    const live = conflict.fields.filter((f) => !isGreyed(f));
    if (live.length === 0) continue;
    if (!evaluateRule(conflict.when, { values, family: config.family })) continue;
    for (const field of live) {
      issues.push({
        path: `values.${field}`,
        label: label(field),
        severity: conflict.severity ?? 'error',
        message: conflict.message,
      });
    }
  }

  issues.push(...definition.checkWorld(safe, options.probe));

  if (options.activeOutputs) {
    const mine = definition.outputsOf(safe);
    const others = options.activeOutputs().filter((o) => o.jobId !== options.jobId);
    for (const output of mine) {
      const clash = others.find(
        (o) =>
          outputKey(o.dir, o.name) === outputKey(output.dir, output.name) ||
          ((o.name === undefined || output.name === undefined) &&
            (isInside(o.dir, output.dir) || isInside(output.dir, o.dir))),
      );
      if (clash) {
        issues.push({
          path: 'values.output_dir',
          label: label('output_dir'),
          severity: 'error',
          message: `${clash.label} also writes ${output.name ? `"${output.name}" ` : ''}into "${output.dir}"; the two jobs would overwrite each other. Choose another output name or folder.`,
        });
      }
    }
  }
  // Paths leave as every field path does on the wire, from the config root ("values.x"), like issues.
  const greyedFromRoot = greyed.map((g) => ({ ...g, path: `values.${g.path}` }));
  return { valid: !issues.some((i) => i.severity === 'error'), issues, greyed: greyedFromRoot };
}

/**
 * A config nested deeper than the checks and writers can follow (they recurse; a request can nest a
 * hundred thousand levels): the sentence that says so, else null.
 */
export function configDepthProblem(config: unknown): string | null {
  try {
    checkParsedValue(config, 'The config', trainerConfigLimits);
    return null;
  } catch (error) {
    if (error instanceof ParseLimitError) return error.message;
    throw error;
  }
}

export function validateConfig(config: TrainerConfig, options: ValidateOptions): ValidationResult {
  const tooDeep = configDepthProblem(config);
  if (tooDeep) {
    return {
      valid: false,
      greyed: [],
      issues: [{ path: 'values', label: 'Config', severity: 'error', message: tooDeep }],
    };
  }
  const definition = getTrainer(config.trainer);
  if (!definition) {
    return {
      valid: false,
      greyed: [],
      issues: [
        {
          path: 'trainer',
          label: 'Trainer',
          severity: 'error',
          message: `The ${config.trainer} trainer is not available in this version of DPGui.`,
        },
      ],
    };
  }
  return validateWithDefinition(definition, config, options);
}

/**
 * For jobs.enqueue: the errors that refuse a config (warnings do not), as contract error details with
 * paths inside the job's config ("values.output_dir"). The contract's schema already made it a training
 * config; its `trainer` must be the job's.
 */
export function validateConfigForEnqueue(
  trainer: TrainerConfig['trainer'],
  config: TrainerConfig,
  options: ValidateOptions,
): ErrorDetail[] {
  if (config.trainer !== trainer) {
    return [
      { path: 'trainer', message: `says ${JSON.stringify(config.trainer)} but the job is for ${trainer}.` },
    ];
  }
  return validateConfig(config, options)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => ({ path: i.path, message: `${i.label}: ${i.message}` }));
}
