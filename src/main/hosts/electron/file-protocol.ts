/**
 * The desktop app's file route: dpgui-file://files/thumbnail?dataset=ID&path=REL&size=N (and /original,
 * /job-output?path=ABS), read by the contract's parser and through the core's one guard, so Electron
 * serves exactly what the headless route serves. `fileRequestOfUrl` is pure and tested under Node; the
 * handler is the thin part.
 */
import { protocol } from 'electron';
import { Readable } from 'node:stream';
import { fileScheme, fileSchemeHost, parseFileRoute } from '../../../shared/contract/file-route';
import type { FileRequest } from '../../core/files/file-access-guard';
import type { FileAnswer, FileService } from '../../core/files/file-service';
import { fileRequestOfRoute } from '../common/file-route-request';

export { fileScheme };

export type ParsedFileUrl =
  { ok: true; request: FileRequest; thumbnailSize: number | null } | { ok: false; reason: string };

export function fileRequestOfUrl(url: string): ParsedFileUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${fileScheme}:` || parsed.host !== fileSchemeHost)
    return { ok: false, reason: 'not a file URL' };
  // The same routes and parameters as the headless host's /api/files/<route> (the contract's parser).
  const route = parseFileRoute(parsed.pathname.slice(1), (name) =>
    parsed.searchParams.getAll(name).length === 1 ? parsed.searchParams.get(name) : null,
  );
  return route.ok ? { ok: true, ...fileRequestOfRoute(route.request) } : route;
}

/** Must run before the app is ready (beside the app:// scheme). */
export function fileSchemePrivileges(): Electron.CustomScheme {
  return { scheme: fileScheme, privileges: { secure: true, supportFetchAPI: true, standard: true } };
}

/** The core's answer as the protocol's Response (pure, so it is tested under Node). */
export function responseOfFileAnswer(answer: FileAnswer): Response {
  if (!answer.ok) {
    const headers: Record<string, string> =
      answer.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(answer.retryAfterSeconds) };
    return new Response(answer.reason, { status: answer.status, headers });
  }
  const headers = {
    'Content-Type': answer.contentType,
    'Content-Length': String(answer.length),
    'Cache-Control': 'private',
    'X-Content-Type-Options': 'nosniff',
  };
  // A stream of exactly `length` bytes; one that comes up short errors, and the request fails.
  const body =
    'body' in answer
      ? new Uint8Array(answer.body)
      : (Readable.toWeb(answer.stream) as ReadableStream<Uint8Array>);
  return new Response(body, { headers });
}

export function serveFiles(files: FileService): void {
  protocol.handle(fileScheme, async (request) => {
    const parsed = fileRequestOfUrl(request.url);
    if (!parsed.ok) return new Response(parsed.reason, { status: 400 });
    const thumbnailSize = parsed.thumbnailSize === null ? null : files.thumbnailSize(parsed.thumbnailSize);
    return responseOfFileAnswer(await files.serve(parsed.request, { thumbnailSize }));
  });
}
