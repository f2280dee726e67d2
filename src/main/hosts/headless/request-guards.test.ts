import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  hostnameOfHostHeader,
  isAllowedHost,
  isAllowedOrigin,
  isLoopback,
  tokensMatch,
  websocketToken,
} from './request-guards';

describe('Host header (DNS rebinding)', () => {
  it('accepts loopback names with any port, as an SSH tunnel forwards them', () => {
    expect(isAllowedHost('127.0.0.1:7433', '127.0.0.1')).toBe(true);
    expect(isAllowedHost('localhost:9000', '127.0.0.1')).toBe(true);
    expect(isAllowedHost('[::1]:7433', '127.0.0.1')).toBe(true);
    expect(isAllowedHost('LOCALHOST', '127.0.0.1')).toBe(true);
  });

  it('refuses a foreign name that resolved to this machine', () => {
    expect(isAllowedHost('attacker.example:7433', '127.0.0.1')).toBe(false);
    expect(isAllowedHost('127.0.0.1.attacker.example', '127.0.0.1')).toBe(false);
    expect(isAllowedHost(undefined, '127.0.0.1')).toBe(false);
    expect(isAllowedHost('127.0.0.1:80:90', '127.0.0.1')).toBe(false);
  });

  it('accepts the address given with --host, and only IP literals when bound to every interface', () => {
    expect(isAllowedHost('10.1.2.3:7433', '10.1.2.3')).toBe(true);
    expect(isAllowedHost('10.1.2.4:7433', '10.1.2.3')).toBe(false);
    expect(isAllowedHost('10.1.2.4:7433', '0.0.0.0')).toBe(true);
    expect(isAllowedHost('gpu-box.lan:7433', '0.0.0.0')).toBe(false);
  });

  it('reads bracketed IPv6 hosts', () => {
    expect(hostnameOfHostHeader('[::1]:80')).toBe('::1');
    expect(hostnameOfHostHeader('[::1')).toBeNull();
  });
});

describe('loopback binds', () => {
  it('count 127/8, localhost and ::1 as this machine only', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'LOCALHOST', '::1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'gpu-box.lan'])
      expect(isLoopback(host), host).toBe(false);
  });
});

describe('Origin header (cross-site requests)', () => {
  it('lets requests without an Origin through (curl), to face the token check', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:7433')).toBe(true);
  });

  it('accepts only the same origin as the Host header', () => {
    expect(isAllowedOrigin('http://127.0.0.1:7433', '127.0.0.1:7433')).toBe(true);
    expect(isAllowedOrigin('http://localhost:9000', 'localhost:9000')).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:7433')).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:7434', '127.0.0.1:7433')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:7433')).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:7433', '127.0.0.1:7433')).toBe(false);
  });
});

describe('the token', () => {
  it('is read from a Bearer header, a query parameter or a WebSocket subprotocol', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(websocketToken('/api/events?token=q', undefined)).toBe('q');
    expect(websocketToken('/api/events', 'dpgui.v1, token.s')).toBe('s');
    expect(websocketToken('/api/events', undefined)).toBeNull();
  });

  it('must match exactly', () => {
    expect(tokensMatch('secret', 'secret')).toBe(true);
    expect(tokensMatch('secret2', 'secret')).toBe(false);
    expect(tokensMatch('', 'secret')).toBe(false);
    expect(tokensMatch(null, 'secret')).toBe(false);
  });
});
