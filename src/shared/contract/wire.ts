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
  /** Host → page: one HostMessage (event or error) as JSON text, so its size is known exactly. */
  event: 'dpgui:event',
  /** Page → host: how many bytes of `event` messages the page has taken (the host's per-window bound). */
  ack: 'dpgui:ack',
  /** Host → page: a command of the app menu the page carries out (one of `menuCommands`). */
  menu: 'dpgui:menu',
} as const;

/**
 * What the desktop app's menu asks of the page. Zoom is the page's own (the root font size it remembers),
 * so the menu's zoom items ask the page instead of scaling Chromium's picture of it.
 */
export const menuCommands = ['zoom-in', 'zoom-out', 'zoom-reset'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** What the preload exposes as window.dpguiHost beside the client (desktop only). */
export interface DesktopHostBridge {
  /** Calls `listener` with each app-menu command; returns the unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

export function isMenuCommand(value: unknown): value is MenuCommand {
  return (menuCommands as readonly unknown[]).includes(value);
}

/** Every answer on IPC and WebSocket is a Result, so a structured error survives the trip. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** HTTP: `POST /api/<channel>`; events on the WebSocket at this path. */
export const httpApiPrefix = '/api/';
export const eventsPath = '/api/events';

/**
 * The event socket's subprotocol. Browsers send the token as a second one, `token.<t>`; the host always
 * answers this fixed name, so the secret is never echoed back.
 */
export const eventSocketProtocol = 'dpgui.v1';
export const tokenProtocolPrefix = 'token.';

/**
 * A subscription is `{event, params}`; `subscription` is the client's own number for it, echoed on each
 * of its events (two subscriptions to one event with other params stay apart). Without one, the event
 * name is the subscription (one per event, as before params existed).
 */
export type ClientMessage =
  | { type: 'request'; id: number; channel: string; payload: unknown }
  | { type: 'subscribe'; event: string; params?: unknown; subscription?: number }
  | { type: 'unsubscribe'; event: string; subscription?: number };

export type HostMessage =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown; subscription?: number }
  /** `subscription`: the subscribe that was refused (its params failed their schema, say). */
  | { type: 'error'; error: ContractError; subscription?: number };

/** Electron IPC: what the preload sends on `ipcWire.subscribe` / `ipcWire.unsubscribe`. */
export interface IpcSubscribeMessage {
  subscription: number;
  event: string;
  params?: unknown;
}

/** The same subscription whatever order its params were written in: one per client, listeners share it. */
export function subscriptionKey(event: string, params: unknown): string {
  return `${event}\u0000${canonicalJson(params ?? {})}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What the preload puts on `window.dpgui`: the contract client, untyped at this seam (the renderer
 * wraps it in the typed DpguiClient). Answers are Results so errors keep their structure over IPC.
 */
export interface DpguiBridge {
  request(channel: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void, params?: unknown): () => void;
}
