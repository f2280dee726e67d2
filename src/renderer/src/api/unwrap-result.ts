import { ContractCallError } from '../../../shared/contract';
import type { Result } from '../../../shared/contract/wire';

/** A host's Result as a value, or a thrown ContractCallError carrying the host's code and details. */
export function unwrapResult<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw new ContractCallError(result.error);
}
