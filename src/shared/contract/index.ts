/**
 * The contract: every request channel and every pushed event, declared once. Hosts serve it, the
 * preload and the renderer's transports carry it, and everything below derives its types from here.
 * A new domain adds one file beside this one and spreads its maps in below.
 */
import { appRequests } from './app';
import { configsRequests } from './configs';
import { presetsRequests } from './presets';
import { draftsRequests } from './drafts';
import { datasetsEvents, datasetsRequests } from './datasets';
import { jobsEvents, jobsRequests } from './jobs';
import { queueEvents, queueRequests } from './queue';
import { settingsEvents, settingsRequests } from './settings';
import { gpusEvents, gpusRequests } from './gpus';
import { logsEvents, logsRequests } from './logs';
import { artifactsEvents, artifactsRequests } from './artifacts';
import { envEvents, envRequests } from './env';
import { trainersRequests } from './trainers';
import { hostRequests } from './host';
import type { FileRouteRequest } from './file-route';

export const requestChannels = {
  ...appRequests,
  ...configsRequests,
  ...presetsRequests,
  ...draftsRequests,
  ...settingsRequests,
  ...gpusRequests,
  ...logsRequests,
  ...datasetsRequests,
  ...jobsRequests,
  ...queueRequests,
  ...artifactsRequests,
  ...envRequests,
  ...trainersRequests,
  ...hostRequests,
} as const;

export const eventChannels = {
  ...settingsEvents,
  ...gpusEvents,
  ...logsEvents,
  ...datasetsEvents,
  ...jobsEvents,
  ...queueEvents,
  ...artifactsEvents,
  ...envEvents,
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
export type EventParams = { [E in EventName]: EventTypes[E]['params'] };
export type EventParamsOf<E extends EventName> = EventParams[E];
/** A subscription's params: optional where the event's schema requires none (job.log requires a jobId). */
export type SubscribeParamsArg<E extends EventName> =
  Record<string, never> extends EventParamsOf<E> ? [params?: EventParamsOf<E>] : [params: EventParamsOf<E>];

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
  /** `params` are checked by the host like a request's payload; a refused subscription never fires. */
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloadOf<E>) => void,
    ...params: SubscribeParamsArg<E>
  ): Unsubscribe;
  /**
   * A file's bytes through the file route (thumbnails, originals, job outputs), whichever host serves
   * them; show it as a blob URL. A refusal rejects with a ContractCallError.
   */
  file(request: FileRouteRequest): Promise<Blob>;
}

export * from './errors';
export type { AppInfo, HostKind } from './app';
export type { Settings, SettingsPatch, ColorScheme } from './settings';
export { defaultSettings, settingsSchema } from './settings';
export type { TrainerInstalls } from './settings';
export { trainerConfigSchema } from './configs';
export type {
  ConfigIssue,
  FamilyDef,
  GreyedField,
  ImportInput,
  LaunchFacts,
  OutputTarget,
  TrainerConfig,
  WrittenFile,
} from './configs';
export * from './gpus';
export * from './logs';
export * from './jobs';
export * from './queue';
export * from './artifacts';
export * from './datasets';
export * from './env';
export * from './trainers';
export * from './host';
export * from './file-route';
export type { Draft, DraftOrigin, DraftSummary } from './drafts';
