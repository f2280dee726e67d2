/**
 * A file of the guarded file route as a blob: URL (decisions.md: files come through the guarded file
 * route with the token header, never a token in an image URL), read while a request is given and
 * revoked as soon as it is not (the tile left the screen, the view closed), so only what is on screen
 * holds memory. `useFileUrl`: a job's output file; `useFileRouteUrl`: any route (dataset thumbnails).
 */
import { useEffect, useState } from 'react';
import type { FileRouteRequest } from '../../../../../shared/contract/file-route';
import { useClient } from '../../../api/client-context';

export interface FileUrl {
  url: string | null;
  error: string | null;
}

/** `size`: a WebP thumbnail this many pixels on its longer side; absent: the file itself. */
export function useFileUrl(path: string | null, size?: number): FileUrl {
  return useFileRouteUrl(
    path === null ? null : { route: 'job-output', path, ...(size === undefined ? {} : { size }) },
  );
}

/** Any file route's answer as a blob: URL while `request` is given (null: nothing is read or held). */
export function useFileRouteUrl(request: FileRouteRequest | null): FileUrl {
  const client = useClient();
  const [state, setState] = useState<FileUrl & { for: string | null }>({ url: null, error: null, for: null });
  const key = request === null ? null : JSON.stringify(request);
  useEffect(() => {
    if (key === null) return undefined;
    let url: string | null = null;
    let gone = false;
    client
      .file(JSON.parse(key) as FileRouteRequest)
      .then((blob) => {
        if (gone) return;
        url = URL.createObjectURL(blob);
        setState({ url, error: null, for: key });
      })
      .catch((error: unknown) => {
        if (!gone)
          setState({ url: null, error: error instanceof Error ? error.message : String(error), for: key });
      });
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, key]);
  // What was read for another file (or before it left the screen) is not shown: its URL is revoked.
  return state.for === key && key !== null
    ? { url: state.url, error: state.error }
    : { url: null, error: null };
}
