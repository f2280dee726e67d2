/**
 * The one error shape that crosses every boundary (Electron IPC, HTTP, WebSocket): a stable code for
 * programs, a sentence for people, and the fields that were wrong.
 */

export const contractErrorCodes = [
  'unknown_channel',
  'invalid_payload',
  'invalid_response',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'conflict',
  'io_error',
  'internal',
] as const;

export type ContractErrorCode = (typeof contractErrorCodes)[number];

export interface ErrorDetail {
  /** Dotted path of the field ("colorScheme", "jobs.0.name"); "" for the payload itself. */
  path: string;
  message: string;
}

export interface ContractError {
  code: ContractErrorCode;
  message: string;
  details: ErrorDetail[];
}

export const contractErrorSchema = {
  type: 'object',
  required: ['code', 'message', 'details'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', enum: contractErrorCodes },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        additionalProperties: false,
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

export function contractError(
  code: ContractErrorCode,
  message: string,
  details: ErrorDetail[] = [],
): ContractError {
  return { code, message, details };
}

/** The answer to a channel name the contract does not have (dispatcher and preload alike). */
export function unknownChannelError(channel: string): ContractError {
  return contractError('unknown_channel', `There is no request channel named "${channel}".`);
}

/** What a client throws when the host answered with a ContractError. */
export class ContractCallError extends Error {
  readonly code: ContractErrorCode;
  readonly details: ErrorDetail[];

  constructor(error: ContractError) {
    super(error.message);
    this.name = 'ContractCallError';
    this.code = error.code;
    this.details = error.details;
  }
}

export function isContractError(value: unknown): value is ContractError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (contractErrorCodes as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    Array.isArray(v.details)
  );
}
