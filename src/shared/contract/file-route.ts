/**
 * The file route: the one way a file's bytes reach the UI (thumbnails, originals of dataset files,
 * files in jobs' output folders), through the core's guard. The same routes on both hosts:
 * `GET /api/files/<route>?…` with the Bearer token (headless), `dpgui-file://files/<route>?…` (Electron).
 * A client asks with a FileRouteRequest; `fileRouteQuery` writes it, the hosts read it back.
 */

/** Where the headless host serves the routes, and the Electron scheme and host that serve the same. */
export const filesPrefix = '/api/files';
export const fileScheme = 'dpgui-file';
export const fileSchemeHost = 'files';

export const defaultThumbnailSize = 256;

export type FileRouteRequest =
  /** A downscaled image of a dataset file (a video's first frame). */
  | { route: 'thumbnail'; datasetId: string; path: string; size?: number }
  /** A dataset file as it is on disk. */
  | { route: 'original'; datasetId: string; path: string }
  /** A file inside an output folder of a DPGui job (samples, checkpoints); `size`: a thumbnail of it. */
  | { route: 'job-output'; path: string; size?: number };

export type FileRouteName = FileRouteRequest['route'];

interface RouteParam {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: object;
}

const datasetParam: RouteParam = {
  name: 'dataset',
  required: true,
  description: 'The id of a registered dataset (datasets.list).',
  schema: { type: 'string', minLength: 1 },
};
const relativePathParam: RouteParam = {
  name: 'path',
  required: true,
  description: "The file's path inside the dataset, as datasets.files lists it.",
  schema: { type: 'string', minLength: 1 },
};
const sizeParam = (required: boolean, description: string): RouteParam => ({
  name: 'size',
  required,
  description,
  schema: { type: 'integer', minimum: 1 },
});

/** Each route's query parameters and what it answers, for the hosts and the OpenAPI document. */
export const fileRoutes: Readonly<
  Record<FileRouteName, { summary: string; params: readonly RouteParam[]; contentTypes: readonly string[] }>
> = {
  thumbnail: {
    summary:
      'A thumbnail of a dataset file: WebP, at most `size` pixels on its longer side (SVG for a video without a frame).',
    params: [
      datasetParam,
      relativePathParam,
      sizeParam(false, `Longer side in pixels (${defaultThumbnailSize} when absent; the host caps it).`),
    ],
    contentTypes: ['image/webp', 'image/svg+xml'],
  },
  original: {
    summary: 'A dataset file as it is on disk (an image or a video that the last scan listed).',
    params: [datasetParam, relativePathParam],
    contentTypes: ['image/*', 'video/*'],
  },
  'job-output': {
    summary:
      'A sample or small text file (.txt, .json) in an output folder of a DPGui job; with `size`, a WebP thumbnail of it. Checkpoints are refused.',
    params: [
      {
        name: 'path',
        required: true,
        description: 'The absolute path of the file, as a job, artifact or event names it.',
        schema: { type: 'string', minLength: 1 },
      },
      sizeParam(false, 'Ask for a thumbnail of an image file, this many pixels on its longer side.'),
    ],
    contentTypes: ['image/*', 'video/*', 'text/plain', 'application/json'],
  },
};

/** `<route>?<query>`, the part after the prefix (headless) or after `dpgui-file://files/` (Electron). */
export function fileRouteQuery(request: FileRouteRequest): string {
  const query = new URLSearchParams();
  if (request.route !== 'job-output') query.set('dataset', request.datasetId);
  query.set('path', request.path);
  if (request.route !== 'original' && request.size !== undefined) query.set('size', String(request.size));
  return `${request.route}?${query.toString()}`;
}

export type ParsedFileRoute = { ok: true; request: FileRouteRequest } | { ok: false; reason: string };

const isFileRouteName = (name: string): name is FileRouteName =>
  Object.prototype.hasOwnProperty.call(fileRoutes, name);

/**
 * A route and its query as a FileRouteRequest (both hosts read requests with this). `param`: the
 * query's single value of a name, null when absent (or given twice).
 */
export function parseFileRoute(route: string, param: (name: string) => string | null): ParsedFileRoute {
  if (!isFileRouteName(route))
    return {
      ok: false,
      reason: `There is no file route "${route}"; the routes are ${Object.keys(fileRoutes).join(', ')}.`,
    };
  const path = param('path');
  const dataset = param('dataset');
  const sizeText = param('size');
  if (!path) return { ok: false, reason: 'Name the file with its path (the path parameter).' };
  let size: number | undefined;
  if (sizeText !== null) {
    if (!/^[1-9][0-9]{0,5}$/.test(sizeText))
      return { ok: false, reason: `The size "${sizeText}" is not a whole number of pixels (1 or more).` };
    size = Number(sizeText);
  }
  if (route === 'job-output')
    return { ok: true, request: { route, path, ...(size === undefined ? {} : { size }) } };
  if (!dataset)
    return { ok: false, reason: 'Name the file with its dataset and path (the dataset parameter).' };
  if (route === 'original') return { ok: true, request: { route, datasetId: dataset, path } };
  return { ok: true, request: { route, datasetId: dataset, path, ...(size === undefined ? {} : { size }) } };
}
