/**
 * The answer of the file route as the client interface gives it, whichever host served it: the bytes
 * as a Blob, or a ContractCallError (the headless host answers the contract's error object; Electron's
 * dpgui-file protocol answers the reason as text, so its status picks the code).
 */
import {
  contractError,
  ContractCallError,
  isContractError,
  type ContractErrorCode,
} from '../../../shared/contract';

const codeOfStatus: Record<number, ContractErrorCode> = {
  400: 'invalid_payload',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
};

export async function blobOfFileAnswer(response: Response): Promise<Blob> {
  if (response.ok) return response.blob();
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Electron's protocol answers a sentence, not JSON.
  }
  if (isContractError(body)) throw new ContractCallError(body);
  const reason = text.trim() === '' ? `The host answered HTTP ${response.status} for the file.` : text.trim();
  throw new ContractCallError(contractError(codeOfStatus[response.status] ?? 'io_error', reason));
}
