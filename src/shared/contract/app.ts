/** app.*: what the running DPGui is and where it keeps its data. */
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';

/** What the host can do for the renderer, declared by the host so the renderer never guesses. */
const capabilitiesSchema = {
  type: 'object',
  required: ['nativeDialogs', 'openFolder', 'droppedFilePaths', 'typedPaths', 'uploads', 'downloads'],
  additionalProperties: false,
  properties: {
    /** Native open/save dialogs that answer paths (Electron). */
    nativeDialogs: { type: 'boolean' },
    /** Show a folder in the system's file manager (Electron). */
    openFolder: { type: 'boolean' },
    /** Dropped files and folders become paths (Electron's webUtils.getPathForFile in the preload). */
    droppedFilePaths: { type: 'boolean' },
    /** Paths typed or pasted by the user (always: on a remote box they are the box's paths). */
    typedPaths: { type: 'boolean' },
    /** Files sent from the browser's machine to the host (browser). */
    uploads: { type: 'boolean' },
    /** Files saved from the host to the browser's machine (browser). */
    downloads: { type: 'boolean' },
  },
} as const;

const appInfoSchema = {
  type: 'object',
  required: ['name', 'version', 'host', 'dataDir', 'platform', 'pid', 'startedAt', 'notices', 'capabilities'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    /** Which host serves the contract: the desktop app or `dpgui serve`. */
    host: { type: 'string', enum: ['electron', 'headless'] },
    dataDir: { type: 'string' },
    platform: { type: 'string' },
    pid: { type: 'integer' },
    /** ISO 8601 time the host started. */
    startedAt: { type: 'string' },
    /** Sentences the user should read once, e.g. that an unreadable settings file was kept aside. */
    notices: { type: 'array', items: { type: 'string' } },
    capabilities: capabilitiesSchema,
  },
} as const;

export type AppInfo = SchemaType<typeof appInfoSchema>;
export type HostKind = AppInfo['host'];
export type HostCapabilities = AppInfo['capabilities'];

export const appRequests = {
  'app.info': defineRequest({
    summary: 'Name, version, host kind, data folder and start time of the running app.',
    request: emptyObjectSchema,
    response: appInfoSchema,
  }),
};
