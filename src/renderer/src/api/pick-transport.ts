/**
 * Chosen once at start: the preload's bridge if there is one (desktop app), else HTTP/WebSocket to the
 * page's own origin with the token from the URL that `dpgui serve` printed.
 */
import { createBridgeTransport } from './bridge-transport';
import type { Transport } from './transport';
import { createWebTransport } from './web-transport';

const tokenKey = 'dpgui.token';

export type TransportChoice = { ok: true; transport: Transport } | { ok: false; reason: 'missing-token' };

export function pickTransport(win: Window): TransportChoice {
  if (win.dpgui) return { ok: true, transport: createBridgeTransport(win.dpgui) };
  const token = takeToken(win);
  if (!token) return { ok: false, reason: 'missing-token' };
  return { ok: true, transport: createWebTransport({ origin: win.location.origin, token }) };
}

/**
 * The token arrives in the fragment (#token=…). It is kept for this tab only, so a reload works, and
 * removed from the address bar so it does not end up in a screenshot or a shared screen.
 */
function takeToken(win: Window): string | null {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    win.sessionStorage.setItem(tokenKey, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  return win.sessionStorage.getItem(tokenKey);
}
