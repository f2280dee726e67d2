/**
 * Mapping a URL path onto a file of the built renderer, for both hosts (app:// in Electron, HTTP in the
 * headless host). Pure: it decides, the caller reads. Anything that would leave the folder is refused.
 */
import { extname, resolve, sep } from 'node:path';

/** 400: the path cannot name a file (a malformed escape, a NUL); 404: it names none of the folder's. */
export type StaticTarget = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 404 };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function resolveStaticFile(root: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '');
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 };
  if (decoded.includes('\\')) return { ok: false, status: 404 };
  const relative = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const base = resolve(root);
  const file = resolve(base, `.${relative.startsWith('/') ? '' : '/'}${relative}`);
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 404 };
  return {
    ok: true,
    file,
    contentType: contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
  };
}
