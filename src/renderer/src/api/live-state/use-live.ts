/** The one hook every view reads server state through: a snapshot kept current by its events. */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { DpguiClient } from '../../../../shared/contract';
import { useLiveRegistry } from './LiveStateProvider';
import type { Applied, LiveSpec } from './live-spec';
import { liveKey } from './live-spec';

export interface Live<T> {
  /** undefined until the first snapshot is in. */
  data: T | undefined;
  /** The snapshot could not be read: what went wrong, in the host's words. */
  error: string | null;
  /** Reading (the first time or again after a reconnect). */
  fetching: boolean;
  /** Add to the held state with one more read (a next page, a gap's lines), in order with the events. */
  extend: (read: (client: DpguiClient) => Promise<(held: T) => Applied<T>>) => Promise<void>;
  /** Replace the held state (with what a request answered, say); the events go on from there. */
  set: (next: T) => void;
}

export function useLive<T>(spec: LiveSpec<T>): Live<T> {
  const registry = useLiveRegistry();
  const key = liveKey(spec);
  const entry = registry.entryFor(key, spec);
  const enabled = spec.enabled !== false;
  // Declared before useQuery on purpose: effects run in order, so the subscriptions are open before
  // the query's first read is sent.
  useEffect(() => (enabled ? entry.retain(spec) : undefined), [entry, enabled]); // eslint-disable-line react-hooks/exhaustive-deps
  const query = useQuery({ queryKey: key, queryFn: () => entry.load(), enabled });
  return {
    data: query.data,
    error: query.error ? query.error.message : null,
    fetching: query.isFetching,
    extend: entry.extend,
    set: entry.set,
  };
}
