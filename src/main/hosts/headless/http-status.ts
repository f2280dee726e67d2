import type { ContractErrorCode } from '../../../shared/contract';

const statusByCode: Record<ContractErrorCode, number> = {
  unknown_channel: 404,
  invalid_payload: 400,
  invalid_response: 500,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  conflict: 409,
  io_error: 500,
  internal: 500,
};

export function httpStatusOf(code: ContractErrorCode): number {
  return statusByCode[code];
}
