/** What the app gets at start: a contract client and the state of its connection to the host. */
import type { DpguiClient } from '../../../shared/contract';

/**
 * 'unauthorized': the host no longer knows this page's key (it was restarted with a new one).
 * 'rejected': the host never accepted this page's key (a wrong or mistyped link).
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized' | 'rejected';

/** Arrow-function members: React's useSyncExternalStore calls them detached. */
export interface Connection {
  get: () => ConnectionState;
  subscribe: (listener: (state: ConnectionState) => void) => () => void;
  /** How often the connection came back after it was lost: events may have been missed meanwhile. */
  reconnects: () => number;
}

export interface Transport {
  kind: 'bridge' | 'web';
  client: DpguiClient;
  connection: Connection;
  /**
   * A request the host answers only after every subscription sent before it is in place, so a snapshot
   * read after subscribing misses no event (the web transport sends it on the event socket). Absent
   * where `client.request` already keeps that order (IPC).
   */
  orderedRequest?: DpguiClient['request'];
  /**
   * After a reconnect it subscribes again by itself, job.log from the line after the last one it passed
   * on (the web transport), so the live state need not open those subscriptions again: doing both would
   * have the host send the log's backlog twice.
   */
  resubscribes?: boolean;
}

export function alwaysOpen(): Connection {
  return { get: () => 'open', subscribe: () => () => {}, reconnects: () => 0 };
}
