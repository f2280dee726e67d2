import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { DpguiClient } from '../../../shared/contract';
import type { ConnectionState, Transport } from './transport';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport outside TransportProvider');
  return transport;
}

export function useClient(): DpguiClient {
  return useTransport().client;
}

export function useTransportKind(): Transport['kind'] {
  return useTransport().kind;
}

export function useConnectionState(): ConnectionState {
  const { connection } = useTransport();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

/**
 * Changes each time the connection comes back after a loss (an SSH tunnel that dropped): state read
 * before it may be stale, so readers fetch it again.
 */
export function useReconnects(): number {
  const { connection } = useTransport();
  return useSyncExternalStore(connection.subscribe, connection.reconnects);
}
