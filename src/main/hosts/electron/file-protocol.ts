/**
 * The desktop app's file route: dpgui-file://files/thumbnail?dataset=ID&path=REL&size=N (and /original,
 * /job-output?path=ABS), through the core's one guard, so Electron serves exactly what the headless
 * route serves. `fileRequestOfUrl` is pure and tested under Node; the handler is the thin part.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import type { FileRequest } from '../../core/files/file-access-guard';
import type { FileService } from '../../core/files/file-service';

export const fileScheme = 'dpgui-file';

export type ParsedFileUrl =
  { ok: true; request: FileRequest; thumbnailSize: number | null } | { ok: false; reason: string };

export function fileRequestOfUrl(url: string): ParsedFileUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${fileScheme}:` || parsed.host !== 'files')
    return { ok: false, reason: 'not a file URL' };
  const path = parsed.searchParams.get('path');
  const dataset = parsed.searchParams.get('dataset');
  const size = parsed.searchParams.get('size');
  const thumbnailSize = size === null ? null : Number(size) || 256;
  if (!path) return { ok: false, reason: 'no path' };
  switch (parsed.pathname) {
    case '/thumbnail':
    case '/original':
      if (!dataset) return { ok: false, reason: 'no dataset' };
      return {
        ok: true,
        request: { source: 'dataset', datasetId: dataset, path },
        thumbnailSize: parsed.pathname === '/thumbnail' ? (thumbnailSize ?? 256) : null,
      };
    case '/job-output':
      return { ok: true, request: { source: 'job-output', path }, thumbnailSize };
    default:
      return { ok: false, reason: 'unknown route' };
  }
}

/** Must run before the app is ready (beside the app:// scheme). */
export function fileSchemePrivileges(): Electron.CustomScheme {
  return { scheme: fileScheme, privileges: { secure: true, supportFetchAPI: true, standard: true } };
}

export function serveFiles(files: FileService): void {
  protocol.handle(fileScheme, async (request) => {
    const parsed = fileRequestOfUrl(request.url);
    if (!parsed.ok) return new Response(parsed.reason, { status: 400 });
    const access = files.resolve(parsed.request);
    if (!access.ok) return new Response(access.reason, { status: access.status });
    try {
      if (parsed.thumbnailSize !== null) {
        const made = await files.thumbnail(access.file, files.thumbnailSize(parsed.thumbnailSize));
        return new Response(new Uint8Array(made.body), {
          headers: { 'Content-Type': made.contentType, 'Cache-Control': 'private' },
        });
      }
      const body = await readFile(access.file);
      return new Response(new Uint8Array(body), {
        headers: { 'Content-Type': files.contentType(access.file), 'Cache-Control': 'private' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
