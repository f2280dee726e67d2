/**
 * The renderer's server state: one TanStack Query cache, keyed by request, whose entries are kept
 * current by events (never by polling) and read again after the connection to the host came back.
 * Mount it inside TransportProvider, above every view.
 */
import { hashKey, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DpguiClient } from '../../../../shared/contract';
import { useReconnects, useTransport } from '../client-context';
import { createLiveEntry, type LiveEntry } from './live-entry';
import { liveKeyRoot, type LiveSpec } from './live-spec';

export interface LiveRegistry {
  entryFor<T>(key: readonly unknown[], spec: LiveSpec<T>): LiveEntry<T>;
}

const RegistryContext = createContext<LiveRegistry | null>(null);

export function createLiveQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Events keep every entry current: nothing goes stale by age, on focus or by the browser's
        // online flag; the transport's own connection state drives the refetch (below).
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always',
        retry: false,
      },
    },
  });
}

export function LiveStateProvider({
  children,
  queryClient,
}: {
  children: ReactNode;
  /** Tests pass their own; the app gets one made here. */
  queryClient?: QueryClient;
}) {
  const transport = useTransport();
  // Snapshots go behind the subscriptions sent before them (see Transport.orderedRequest).
  const [client] = useState<DpguiClient>(() => ({
    ...transport.client,
    request: transport.orderedRequest ?? transport.client.request.bind(transport.client),
  }));
  const [cache] = useState(() => queryClient ?? createLiveQueryClient());
  const [entries] = useState(() => new Map<string, LiveEntry<unknown>>());
  const [registry] = useState<LiveRegistry>(() => ({
    entryFor<T>(key: readonly unknown[], spec: LiveSpec<T>) {
      const hash = hashKey(key);
      let entry = entries.get(hash) as LiveEntry<T> | undefined;
      if (!entry) {
        entry = createLiveEntry(key, client, cache, spec);
        entries.set(hash, entry as LiveEntry<unknown>);
      }
      return entry;
    },
  }));

  // Events sent while the connection was down were lost: reopen subscriptions that resume from the
  // held state (job.log from its next line) unless the transport did, then read every live entry again.
  const reconnects = useReconnects();
  const seen = useRef(reconnects);
  const resubscribed = transport.resubscribes === true;
  useEffect(() => {
    if (reconnects === seen.current) return;
    seen.current = reconnects;
    if (!resubscribed) for (const entry of entries.values()) entry.resume();
    void cache.invalidateQueries({ queryKey: [liveKeyRoot] });
  }, [reconnects, entries, cache, resubscribed]);

  return (
    <QueryClientProvider client={cache}>
      <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>
    </QueryClientProvider>
  );
}

export function useLiveRegistry(): LiveRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useLive outside LiveStateProvider (mount it inside TransportProvider)');
  return registry;
}
