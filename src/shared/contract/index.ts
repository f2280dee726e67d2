/**
 * The contract: every request channel and every pushed event, declared once. Hosts serve it, the
 * preload and the renderer's transports carry it, and everything below derives its types from here.
 * A new domain adds one file beside this one and spreads its maps in below.
 */
import { appRequests } from './app';
import { settingsEvents, settingsRequests } from './settings';

export const requestChannels = {
  ...appRequests,
  ...settingsRequests,
} as const;

export const eventChannels = {
  ...settingsEvents,
} as const;

export type RequestChannels = typeof requestChannels;
export type EventChannels = typeof eventChannels;
export type RequestName = keyof RequestChannels;
export type EventName = keyof EventChannels;

type RequestTypes = { [C in RequestName]: NonNullable<RequestChannels[C]['types']> };
type EventTypes = { [E in EventName]: NonNullable<EventChannels[E]['types']> };
export type Requests = { [C in RequestName]: RequestTypes[C]['request'] };
export type Responses = { [C in RequestName]: RequestTypes[C]['response'] };
export type EventPayloads = { [E in EventName]: EventTypes[E]['payload'] };
export type RequestOf<C extends RequestName> = Requests[C];
export type ResponseOf<C extends RequestName> = Responses[C];
export type EventPayloadOf<E extends EventName> = EventPayloads[E];

export const requestNames = Object.keys(requestChannels) as RequestName[];
export const eventNames = Object.keys(eventChannels) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestChannels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventChannels, name);
}

export type Unsubscribe = () => void;

/**
 * What the renderer talks to, whatever carries it: the preload's `window.dpgui` in the desktop app,
 * HTTP and a WebSocket in a browser. Errors reject with a ContractCallError.
 */
export interface DpguiClient {
  request<C extends RequestName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): Unsubscribe;
}

export * from './errors';
export type { AppInfo, HostKind } from './app';
export type { Settings, SettingsPatch, ColorScheme } from './settings';
export { defaultSettings, settingsSchema } from './settings';
