/**
 * The checks every request to the headless host passes before anything else. Pure functions of the
 * request's headers, so each rule is tested on its own.
 *
 * - Host must name this machine (a loopback name, or the address given with --host), with any port:
 *   an SSH tunnel often forwards another local port. This defeats DNS rebinding, where an attacker's
 *   domain resolves to 127.0.0.1 and arrives with the attacker's name in Host.
 * - Origin, when present, must be the same origin as Host: a page of another site cannot drive the API.
 * - The token must match (constant-time).
 * - The request target must be a plain path: "//name/…" and "http://name/…" are not read as a host.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { tokenProtocolPrefix } from '../../../shared/contract/wire';

const loopbackNames = ['127.0.0.1', 'localhost', '::1'];

/** A --host that only this machine can reach (the whole 127/8 range counts); others get a warning. */
export function isLoopback(host: string): boolean {
  return loopbackNames.includes(host.toLowerCase()) || host.startsWith('127.');
}
const unspecifiedAddresses = ['0.0.0.0', '::'];

/** "[::1]:7433" → "::1"; "Localhost:80" → "localhost"; null if it cannot be read. */
export function hostnameOfHostHeader(host: string | undefined): string | null {
  if (!host) return null;
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d+$/.test(rest)) return null;
    return value.slice(1, end);
  }
  const parts = value.split(':');
  if (parts.length > 2) return null;
  if (parts.length === 2 && !/^\d+$/.test(parts[1] ?? '')) return null;
  return parts[0] || null;
}

export function isAllowedHost(hostHeader: string | undefined, bindHost: string): boolean {
  const name = hostnameOfHostHeader(hostHeader);
  if (name === null) return false;
  const bound = bindHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (loopbackNames.includes(name) || name === bound) return true;
  // Bound to every interface: any IP literal is fine (rebinding needs a domain name), names are not.
  return unspecifiedAddresses.includes(bound) && isIP(name) !== 0;
}

export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true; // curl and scripts send none; they still need the token
  if (!hostHeader) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque "null" origin
  }
  return parsed.protocol === 'http:' && parsed.host === hostHeader.trim().toLowerCase();
}

/**
 * The 401 answer's sentence. It names no command: the host may have been started by `dpgui serve`,
 * `npm run serve` or `npm start` (which falls back to it), and each prints the same line with the URL.
 */
export const unauthorizedMessage =
  'A valid token is required: open DPGui with the URL the host printed when it started (the line "Open DPGui: …", token included after #token=), or send that token as "Authorization: Bearer <token>". Restarting the host makes a new token.';

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Origin-form only ("/path?query"): an absolute or "//authority" target would name another host. */
export function isPlainPathTarget(target: string | undefined): boolean {
  return target !== undefined && target.startsWith('/') && !target.startsWith('//');
}

/** The part of a request target before "?" (the target is already known to be a plain path). */
export function pathOfTarget(target: string): string {
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}

/**
 * Browsers cannot set headers on a WebSocket: the token comes as a `token.<t>` subprotocol (what the
 * renderer sends) or, for scripts, a `token` query parameter.
 */
export function websocketToken(target: string, protocolHeader: string | undefined): string | null {
  const query = target.indexOf('?');
  const fromQuery = query < 0 ? null : new URLSearchParams(target.slice(query + 1)).get('token');
  if (fromQuery) return fromQuery;
  const tagged = offeredProtocols(protocolHeader).find((p) => p.startsWith(tokenProtocolPrefix));
  return tagged ? tagged.slice(tokenProtocolPrefix.length) : null;
}

export function offeredProtocols(protocolHeader: string | undefined): string[] {
  return (protocolHeader ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  // Hash both so the comparison is constant-time whatever their lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
