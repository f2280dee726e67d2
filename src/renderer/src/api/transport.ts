/** What the app gets at start: a contract client and the state of its connection to the host. */
import type { DpguiClient } from '../../../shared/contract';

/** 'unauthorized': the host no longer knows this page's token (it was restarted with a new one). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** Arrow-function members: React's useSyncExternalStore calls them detached. */
export interface Connection {
  get: () => ConnectionState;
  subscribe: (listener: (state: ConnectionState) => void) => () => void;
}

export interface Transport {
  kind: 'bridge' | 'web';
  client: DpguiClient;
  connection: Connection;
}

export function alwaysOpen(): Connection {
  return { get: () => 'open', subscribe: () => () => {} };
}
