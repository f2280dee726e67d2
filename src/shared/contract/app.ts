/** app.*: what the running DPGui is and where it keeps its data. */
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';

const appInfoSchema = {
  type: 'object',
  required: ['name', 'version', 'host', 'dataDir', 'platform', 'pid', 'startedAt', 'notices'],
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
  },
} as const;

export type AppInfo = SchemaType<typeof appInfoSchema>;
export type HostKind = AppInfo['host'];

export const appRequests = {
  'app.info': defineRequest({
    summary: 'Name, version, host kind, data folder and start time of the running app.',
    request: emptyObjectSchema,
    response: appInfoSchema,
  }),
};
