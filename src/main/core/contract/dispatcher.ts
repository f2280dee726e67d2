/**
 * The one road from a transport to a handler, shared by both hosts: unknown channels and payloads that
 * fail their schema are answered with a structured error and never reach a handler.
 */
import {
  contractError,
  isRequestName,
  unknownChannelError,
  type ContractError,
  type RequestName,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/contract';
import type { Result } from '../../../shared/contract/wire';
import { summarizeDetails, type SchemaValidators } from './schema-validators';

export type Handlers = {
  [C in RequestName]: (payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** Thrown by a handler for an error the caller should see as it is (not an internal failure). */
export class HandlerError extends Error {
  readonly error: ContractError;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'HandlerError';
    this.error = error;
  }
}

export interface DispatcherOptions {
  validators: SchemaValidators;
  /** Check every answer against its response schema (tests and development). */
  checkResponses?: boolean;
  /** Where unexpected handler failures are reported (the host's log). */
  onInternalError?: (channel: string, error: unknown) => void;
}

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const { validators } = options;
  return async (channel, payload) => {
    if (!isRequestName(channel)) {
      return fail(unknownChannelError(channel));
    }
    const check = validators.request(channel, payload);
    if (!check.ok) {
      return fail(
        contractError(
          'invalid_payload',
          `Invalid payload for ${channel}: ${summarizeDetails(check.details)}.`,
          check.details,
        ),
      );
    }
    let value: unknown;
    try {
      // The schema check above is what makes this cast true.
      const handler = handlers[channel] as (p: unknown) => unknown;
      value = await handler(payload);
    } catch (error) {
      if (error instanceof HandlerError) return fail(error.error);
      options.onInternalError?.(channel, error);
      const reason = error instanceof Error ? error.message : String(error);
      return fail(contractError('internal', `${channel} failed: ${reason}`));
    }
    if (options.checkResponses) {
      const answer = validators.response(channel, value);
      if (!answer.ok) {
        return fail(
          contractError(
            'invalid_response',
            `The answer of ${channel} does not match its schema: ${summarizeDetails(answer.details)}.`,
            answer.details,
          ),
        );
      }
    }
    return { ok: true, value };
  };
}

function fail(error: ContractError): Result<never> {
  return { ok: false, error };
}
