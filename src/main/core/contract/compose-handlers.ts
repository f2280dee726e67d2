/**
 * Every channel's handler, from one map per domain. An object spread would let a later map silently
 * replace a channel an earlier one handles; here a channel handled twice, a channel the contract does
 * not have, or a contract channel nobody handles stops the start with a sentence naming it.
 */
import { isRequestName, requestNames } from '../../../shared/contract';

/** The maps merged, as one type: assigned to Handlers, a missing channel is also a type error. */
type Merged<Domains> = (Domains extends unknown ? (map: Domains) => void : never) extends (
  map: infer All,
) => void
  ? All
  : never;

export class HandlerCompositionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerCompositionError';
  }
}

/** `domains`: each domain's handler map under the domain's name (the name is only for the error). */
export function composeHandlers<Domains extends Record<string, object>>(
  domains: Domains,
): Merged<Domains[keyof Domains]> {
  const handlers = new Map<string, unknown>();
  const sourceOf = new Map<string, string>();
  for (const [domain, map] of Object.entries(domains)) {
    for (const [channel, handler] of Object.entries(map)) {
      const earlier = sourceOf.get(channel);
      if (earlier !== undefined) {
        throw new HandlerCompositionError(
          `The channel ${channel} has two handlers, in the ${earlier} map and in the ${domain} map: keep one.`,
        );
      }
      if (!isRequestName(channel)) {
        throw new HandlerCompositionError(
          `The ${domain} map handles ${channel}, which is no channel of the contract.`,
        );
      }
      sourceOf.set(channel, domain);
      handlers.set(channel, handler);
    }
  }
  const missing = requestNames.filter((channel) => !handlers.has(channel));
  if (missing.length > 0) {
    throw new HandlerCompositionError(`No map handles ${missing.join(', ')}.`);
  }
  // Every contract channel checked above, each exactly once.
  return Object.fromEntries(handlers) as Merged<Domains[keyof Domains]>;
}
