/**
 * The key of `dpgui serve`. It is kept in the data folder (a file only its owner can read), so a page
 * left open — over an SSH tunnel, on a box whose host was restarted — reconnects by itself with the
 * link it had; `--new-key` makes a new one (every earlier link expires). DPGUI_TOKEN, where set, is the
 * key instead (a service that hands its own to scripts).
 */
import { randomBytes } from 'node:crypto';

const tokenPattern = /^[A-Za-z0-9_-]{32,200}$/;

/** Where the key is kept between starts (the data folder's `serve-key`; memory in tests). */
export interface KeyStore {
  /** The kept key, or null when there is none (or it cannot be read). */
  read(): string | null;
  write(key: string): void;
}

export type ServeToken =
  { ok: true; token: string; source: 'env' | 'kept' | 'new' } | { ok: false; message: string };

export function serveToken(
  env: Readonly<Record<string, string | undefined>>,
  store: KeyStore,
  { renew = false }: { renew?: boolean } = {},
): ServeToken {
  const fixed = env.DPGUI_TOKEN;
  if (fixed !== undefined && fixed !== '') {
    if (!tokenPattern.test(fixed)) {
      return {
        ok: false,
        message:
          'DPGUI_TOKEN must be 32 to 200 letters, digits, "-" or "_" (it is the key to this host). ' +
          'Set a longer one, e.g. from `openssl rand -hex 24`, or unset it to use the key kept in the data folder.',
      };
    }
    return { ok: true, token: fixed, source: 'env' };
  }
  const kept = renew ? null : store.read();
  // A kept key someone shortened or garbled by hand is replaced, never trusted.
  if (kept !== null && tokenPattern.test(kept)) return { ok: true, token: kept, source: 'kept' };
  const token = randomBytes(24).toString('base64url');
  store.write(token);
  return { ok: true, token, source: 'new' };
}
