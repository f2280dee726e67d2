/**
 * The checks every request to the headless host passes before anything else. Pure functions of the
 * request's headers, so each rule is tested on its own.
 *
 * - Host must name this machine (a loopback name, or the address given with --host), with any port:
 *   an SSH tunnel often forwards another local port. This defeats DNS rebinding, where an attacker's
 *   domain resolves to 127.0.0.1 and arrives with the attacker's name in Host.
 * - Origin, when present, must be the same origin as Host: a page of another site cannot drive the API.
 * - The token must match (constant-time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

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

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Browsers cannot set headers on a WebSocket: the token comes as a query parameter or subprotocol. */
export function websocketToken(url: URL, protocolHeader: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const protocols = (protocolHeader ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const tagged = protocols.find((p) => p.startsWith('token.'));
  return tagged ? tagged.slice('token.'.length) : null;
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  // Hash both so the comparison is constant-time whatever their lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
