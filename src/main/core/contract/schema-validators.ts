/**
 * ajv, compiled once per schema: requests are checked by the host that receives them; responses and
 * events are checked in tests (and wherever `checkResponses` is on).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import {
  eventChannels,
  requestChannels,
  settingsSchema,
  type ErrorDetail,
  type EventName,
  type RequestName,
} from '../../../shared/contract';

export type Check = { ok: true } | { ok: false; details: ErrorDetail[] };

export interface SchemaValidators {
  request(channel: RequestName, payload: unknown): Check;
  response(channel: RequestName, value: unknown): Check;
  event(event: EventName, payload: unknown): Check;
  /** A whole settings object, as read from the settings file. */
  settings(value: unknown): boolean;
}

export function createSchemaValidators(): SchemaValidators {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const compile = (schema: object): ValidateFunction => ajv.compile(schema);
  const requests = new Map<string, ValidateFunction>();
  const responses = new Map<string, ValidateFunction>();
  const events = new Map<string, ValidateFunction>();
  for (const [name, def] of Object.entries(requestChannels)) {
    requests.set(name, compile(def.request));
    responses.set(name, compile(def.response));
  }
  for (const [name, def] of Object.entries(eventChannels)) events.set(name, compile(def.payload));
  const settings = compile(settingsSchema);

  const run = (validate: ValidateFunction | undefined, value: unknown): Check => {
    if (!validate) throw new Error('no schema compiled for this channel');
    return validate(value)
      ? { ok: true }
      : { ok: false, details: describeSchemaErrors(validate.errors ?? []) };
  };
  return {
    request: (channel, payload) => run(requests.get(channel), payload),
    response: (channel, value) => run(responses.get(channel), value),
    event: (event, payload) => run(events.get(event), payload),
    settings: (value) => settings(value),
  };
}

/** ajv's errors as field paths and sentences a person can act on. */
export function describeSchemaErrors(errors: readonly ErrorObject[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  // "must be one of: …" already says the type; a second line for the same field would only repeat it.
  const enumPaths = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  for (const error of errors) {
    if (error.keyword === 'type' && enumPaths.has(error.instancePath)) continue;
    const detail = describeOne(error);
    const key = `${detail.path}\u0000${detail.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      details.push(detail);
    }
  }
  return details;
}

function describeOne(error: ErrorObject): ErrorDetail {
  const base = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: joinPath(base, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: joinPath(base, String(params.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return {
        path: base,
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type':
      return { path: base, message: `must be of type ${String(params.type)}` };
    case 'minProperties':
      return { path: base, message: `must name at least ${String(params.limit)} field(s)` };
    default:
      return { path: base, message: error.message ?? `fails the "${error.keyword}" rule` };
  }
}

/** "/jobs/0/name" → "jobs.0.name" (JSON Pointer escapes undone). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

export function summarizeDetails(details: readonly ErrorDetail[]): string {
  return details.map((d) => `${d.path === '' ? 'the payload' : d.path} ${d.message}`).join('; ');
}
