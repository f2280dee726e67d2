/**
 * JSON from a client, refused cheaply when it is nested absurdly deep: one linear scan before
 * JSON.parse, so a 4-million-deep array costs a pass over its bytes, not seconds and hundreds of MB.
 */
import { contractError, type ContractError } from '../../../shared/contract';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: ContractError };

/** True if brackets outside strings nest deeper than `limit`. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** An empty body is `{}`, so `curl -X POST` works for channels that take nothing. */
export function parseJsonRequest(text: string, maxDepth: number): ParsedJson {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: {} };
  if (nestsDeeperThan(trimmed, maxDepth)) {
    return {
      ok: false,
      error: contractError('invalid_payload', `The body is nested deeper than ${maxDepth} levels.`),
    };
  }
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: contractError('invalid_payload', `The body is not valid JSON: ${(error as Error).message}`),
    };
  }
}
