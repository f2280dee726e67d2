/**
 * The key of `dpgui serve`: a new random one at each start, unless DPGUI_TOKEN names one. A fixed key
 * lets an open page (and a script) reconnect by itself after the host is restarted; a random one makes
 * every earlier link expire.
 */
import { randomBytes } from 'node:crypto';

const tokenPattern = /^[A-Za-z0-9_-]{32,200}$/;

export type ServeToken = { ok: true; token: string; fixed: boolean } | { ok: false; message: string };

export function serveToken(env: Readonly<Record<string, string | undefined>>): ServeToken {
  const fixed = env.DPGUI_TOKEN;
  if (fixed === undefined || fixed === '') {
    return { ok: true, token: randomBytes(24).toString('base64url'), fixed: false };
  }
  if (!tokenPattern.test(fixed)) {
    return {
      ok: false,
      message:
        'DPGUI_TOKEN must be 32 to 200 letters, digits, "-" or "_" (it is the key to this host). ' +
        'Set a longer one, e.g. from `openssl rand -hex 24`, or unset it for a new random key at each start.',
    };
  }
  return { ok: true, token: fixed, fixed: true };
}
