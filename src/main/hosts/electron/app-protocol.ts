/**
 * The built renderer served from app://dpgui/ instead of file:// (a file:// page may read every file
 * of the machine), with the Content-Security-Policy as a response header.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../common/content-security-policy';
import { resolveStaticFile } from '../common/static-files';
import { appHost, appScheme } from './renderer-origin';

/** Must run before the app is ready. */
export function registerAppScheme(extra: Electron.CustomScheme[] = []): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ...extra,
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const target =
      url.host === appHost ? resolveStaticFile(rendererDir, url.pathname) : { ok: false as const };
    if (!target.ok) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        headers: {
          'Content-Type': target.contentType,
          'Content-Security-Policy': contentSecurityPolicy({
            images: ['dpgui-file:'],
            connect: ['dpgui-file:'],
          }),
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
