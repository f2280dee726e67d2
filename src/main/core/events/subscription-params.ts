/**
 * What a subscription says: its params are checked against the event's `params` schema (the same
 * structured error as a request's payload), and those that name a payload field filter delivery.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import {
  contractError,
  eventChannels,
  isEventName,
  type ContractError,
  type EventName,
} from '../../../shared/contract';
import { emptyObjectSchema } from '../../../shared/contract/define';
import { describeSchemaErrors, summarizeDetails } from '../contract/schema-validators';

export type SubscriptionParams = Readonly<Record<string, unknown>>;

export type CheckedSubscription =
  { ok: true; event: EventName; params: SubscriptionParams } | { ok: false; error: ContractError };

/** Params that say where to start, not what to let through (job.log's `fromLine`). */
const resumeParams = new Set(['fromLine']);

export function createSubscriptionChecker(): (event: unknown, params: unknown) => CheckedSubscription {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validators = new Map<string, ValidateFunction>();
  for (const [name, def] of Object.entries(eventChannels)) {
    const schema: object = 'params' in def && def.params ? def.params : emptyObjectSchema;
    validators.set(name, ajv.compile(schema));
  }
  return (event, params) => {
    if (!isEventName(event))
      return {
        ok: false,
        error: contractError('unknown_channel', `There is no event named "${String(event)}".`),
      };
    const value = params ?? {};
    const validate = validators.get(event);
    if (!validate || !validate(value)) {
      const details = describeSchemaErrors(validate?.errors ?? []);
      return {
        ok: false,
        error: contractError(
          'invalid_payload',
          `Invalid params for ${event}: ${summarizeDetails(details)}.`,
          details,
        ),
      };
    }
    // The schema says it is an object.
    return { ok: true, event, params: value as SubscriptionParams };
  };
}

/** The params that filter: each must equal the payload's field of the same name. */
export function filterOf(params: SubscriptionParams): [string, unknown][] {
  return Object.entries(params).filter(([key]) => !resumeParams.has(key));
}

export function passesFilter(filter: readonly [string, unknown][], payload: unknown): boolean {
  if (filter.length === 0) return true;
  if (typeof payload !== 'object' || payload === null) return false;
  const fields = payload as Record<string, unknown>;
  return filter.every(([key, value]) => fields[key] === value);
}
