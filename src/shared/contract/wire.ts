/**
 * How contract messages are framed on each transport. Hosts and clients import these so the two ends
 * cannot drift apart.
 */
import type { ContractError } from './errors';

/** Electron IPC channel names used by the preload and the shell: the contract rides inside them. */
export const ipcWire = {
  request: 'dpgui:request',
  subscribe: 'dpgui:subscribe',
  unsubscribe: 'dpgui:unsubscribe',
  event: 'dpgui:event',
} as const;

/** Every answer on IPC and WebSocket is a Result, so a structured error survives the trip. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** HTTP: `POST /api/<channel>`; events on the WebSocket at this path. */
export const httpApiPrefix = '/api/';
export const eventsPath = '/api/events';

export type ClientMessage =
  | { type: 'request'; id: number; channel: string; payload: unknown }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string };

export type HostMessage =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; error: ContractError };

/**
 * What the preload puts on `window.dpgui`: the contract client, untyped at this seam (the renderer
 * wraps it in the typed DpguiClient). Answers are Results so errors keep their structure over IPC.
 */
export interface DpguiBridge {
  request(channel: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
