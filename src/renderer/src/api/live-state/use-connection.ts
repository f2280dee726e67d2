/** The connection to the host as a view shows it (the status bar, a "reconnecting" banner). */
import { useConnectionState, useReconnects, useTransportKind } from '../client-context';
import type { ConnectionState, Transport } from '../transport';

export interface ConnectionInfo {
  state: ConnectionState;
  /** How often it came back after a loss; every live query was read again each time. */
  reconnects: number;
  transport: Transport['kind'];
}

export function useConnection(): ConnectionInfo {
  return { state: useConnectionState(), reconnects: useReconnects(), transport: useTransportKind() };
}
