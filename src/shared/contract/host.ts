/**
 * host.*: choosing paths on the machine that trains. `host.listFolder` is a picker (names, kinds, sizes
 * and times of what the host process can read; never a file's contents, which come only through the
 * guarded file route). `host.findPython` turns a venv folder (or a trainer's install folder holding
 * `venv` or `.venv`) into its interpreter. The native dialogs and "show in folder" exist only where the
 * host has a desktop (Electron); elsewhere they answer not_found, and app.info's capabilities say which.
 */
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';

const pathSchema = { type: 'string', minLength: 1, maxLength: 4096 } as const;
export const folderEntryKinds = ['file', 'folder'] as const;

/** How many entries one answer carries at most (a folder with more answers `truncated`). */
export const listFolderMaxLimit = 5000;

const listFolderRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** The folder to list; a file lists its folder. Absent: the user's home folder. */
    path: pathSchema,
    filter: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** Only these kinds (both when absent). */
        kinds: {
          type: 'array',
          items: { type: 'string', enum: folderEntryKinds },
          minItems: 1,
          uniqueItems: true,
        },
        /** Files ending in one of these (".safetensors" or "safetensors", any case); folders always show. */
        extensions: {
          type: 'array',
          items: { type: 'string', minLength: 1, maxLength: 32 },
          maxItems: 64,
        },
        /** Names starting with a dot too (false when absent). */
        showHidden: { type: 'boolean' },
      },
    },
    /** At most this many entries (2000 when absent). */
    limit: { type: 'integer', minimum: 1, maximum: listFolderMaxLimit },
  },
} as const;

const folderEntrySchema = {
  type: 'object',
  required: ['name', 'path', 'kind', 'size', 'modifiedAt', 'hidden'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    /** Absolute path, as the host would open it (links are not resolved). */
    path: { type: 'string' },
    /** What it is once links are followed; a link to nothing readable is left out. */
    kind: { type: 'string', enum: folderEntryKinds },
    /** Bytes of a file; null for a folder. */
    size: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
    /** ISO 8601. */
    modifiedAt: { type: 'string' },
    hidden: { type: 'boolean' },
  },
} as const;

const folderListingSchema = {
  type: 'object',
  required: ['path', 'parent', 'home', 'entries', 'truncated'],
  additionalProperties: false,
  properties: {
    /** The folder listed, absolute (the asked path, or the folder of the asked file). */
    path: { type: 'string' },
    /** Its parent folder; null at the root of the file system. */
    parent: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    /** The home folder of the user the host runs as. */
    home: { type: 'string' },
    /** Folders first, then files, each by name. */
    entries: { type: 'array', items: folderEntrySchema },
    /** More entries matched than were sent (narrow the filter, or type the path). */
    truncated: { type: 'boolean' },
  },
} as const;

const findPythonRequestSchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: {
    /** A venv folder, a folder holding `venv` or `.venv`, or the python file itself. */
    path: pathSchema,
  },
} as const;

const foundPythonSchema = {
  type: 'object',
  required: ['python', 'venv'],
  additionalProperties: false,
  properties: {
    /** The venv's interpreter, as the trainer install setting takes it (not resolved past the venv). */
    python: { type: 'string' },
    /** The venv folder it belongs to; null for an interpreter outside a venv. */
    venv: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
} as const;

const dialogTitleSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;

const openFileDialogRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    title: dialogTitleSchema,
    /** Where the dialog opens (a folder, or a file to preselect). */
    defaultPath: pathSchema,
    /** e.g. [{name: "Models", extensions: ["safetensors", "ckpt"]}]. */
    filters: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        required: ['name', 'extensions'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          extensions: {
            type: 'array',
            minItems: 1,
            maxItems: 64,
            items: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[^./\\\\]+$' },
          },
        },
      },
    },
    /** Several files may be chosen. */
    multiple: { type: 'boolean' },
  },
} as const;

const openFolderDialogRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { title: dialogTitleSchema, defaultPath: pathSchema, multiple: { type: 'boolean' } },
} as const;

const dialogAnswerSchema = {
  type: 'object',
  required: ['canceled', 'paths'],
  additionalProperties: false,
  properties: {
    /** The user closed the dialog without choosing (then `paths` is empty). */
    canceled: { type: 'boolean' },
    paths: { type: 'array', items: { type: 'string' } },
  },
} as const;

const showInFolderRequestSchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: { path: pathSchema },
} as const;

export type FolderEntryKind = (typeof folderEntryKinds)[number];
export type ListFolderRequest = SchemaType<typeof listFolderRequestSchema>;
export type FolderEntry = SchemaType<typeof folderEntrySchema>;
export type FolderListing = SchemaType<typeof folderListingSchema>;
export type FindPythonRequest = SchemaType<typeof findPythonRequestSchema>;
export type FoundPython = SchemaType<typeof foundPythonSchema>;
export type OpenFileDialogRequest = SchemaType<typeof openFileDialogRequestSchema>;
export type OpenFolderDialogRequest = SchemaType<typeof openFolderDialogRequestSchema>;
export type DialogAnswer = SchemaType<typeof dialogAnswerSchema>;
export type ShowInFolderRequest = SchemaType<typeof showInFolderRequestSchema>;

export const hostRequests = {
  'host.listFolder': defineRequest({
    summary:
      'List a folder on the host (folders first): names, kinds, sizes and times, never contents; home when no path is given.',
    request: listFolderRequestSchema,
    response: folderListingSchema,
  }),
  'host.findPython': defineRequest({
    summary: "The python of a venv folder, or of the venv (venv, .venv) inside a trainer's install folder.",
    request: findPythonRequestSchema,
    response: foundPythonSchema,
  }),
  'host.openFileDialog': defineRequest({
    summary: "The desktop's native open-file dialog (Electron only: app.info capabilities.nativeDialogs).",
    request: openFileDialogRequestSchema,
    response: dialogAnswerSchema,
  }),
  'host.openFolderDialog': defineRequest({
    summary: "The desktop's native open-folder dialog (Electron only: app.info capabilities.nativeDialogs).",
    request: openFolderDialogRequestSchema,
    response: dialogAnswerSchema,
  }),
  'host.showInFolder': defineRequest({
    summary:
      "Show a file or folder in the desktop's file manager (Electron only: app.info capabilities.openFolder).",
    request: showInFolderRequestSchema,
    response: emptyObjectSchema,
  }),
};

/** The channels only a host with a desktop provides, by the capability that announces them. */
export const desktopChannelsByCapability = {
  nativeDialogs: ['host.openFileDialog', 'host.openFolderDialog'],
  openFolder: ['host.showInFolder'],
} as const;
