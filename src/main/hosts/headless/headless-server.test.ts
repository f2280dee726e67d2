import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../../core/app-core';
import { fileRoutes, requestNames } from '../../../shared/contract';
import { startHeadlessServer, type HeadlessServer } from './headless-server';
import { jsonBodyLimitBytes, maxJsonDepth } from './limits';

const tempDir = useTempDirs();
const token = 'test-token-123';
const running: { core: AppCore; server: HeadlessServer }[] = [];

afterEach(async () => {
  for (const { core, server } of running.splice(0)) {
    await server.close();
    core.close();
  }
});

async function start(): Promise<{ port: number; core: AppCore }> {
  const root = tempDir();
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
  const core = createAppCore({ dataDir: join(root, 'data'), host: 'headless', checkResponses: true });
  const server = await startHeadlessServer({ core, token, host: '127.0.0.1', port: 0, staticDir });
  running.push({ core, server });
  return { port: server.port, core };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  port: number,
  path: string,
  {
    method = 'POST',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { Authorization: `Bearer ${token}` };

function openSocket(
  port: number,
  query = `?token=${token}`,
  headers: Record<string, string> = {},
): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${port}/api/events${query}`, { headers });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
}

function upgradeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
  });
}

describe('the headless host', () => {
  it('answers a channel over HTTP with the token', async () => {
    const { port } = await start();
    const answer = await call(port, '/api/app.info', { headers: auth });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'DPGui', host: 'headless' });
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    const { port } = await start();
    for (const headers of [{}, { Authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const answer = await call(port, '/api/app.info', { headers });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'unauthorized' });
    }
  });

  it('answers 403 to a foreign Origin or Host, even with the token', async () => {
    const { port } = await start();
    const origin = await call(port, '/api/app.info', { headers: { ...auth, Origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body)).toMatchObject({ code: 'forbidden' });
    const host = await call(port, '/api/app.info', { headers: { ...auth, Host: `rebind.example:${port}` } });
    expect(host.status).toBe(403);
    const page = await call(port, '/', { method: 'GET', headers: { Host: 'rebind.example' } });
    expect(page.status).toBe(403);
  });

  it('accepts its own origin under another local port, as through an SSH tunnel', async () => {
    const { port } = await start();
    const answer = await call(port, '/api/app.info', {
      headers: { ...auth, Host: 'localhost:9999', Origin: 'http://localhost:9999' },
    });
    expect(answer.status).toBe(200);
  });

  it('answers a schema-invalid payload with 400 and the field, and an unknown channel with 404', async () => {
    const { port } = await start();
    const invalid = await call(port, '/api/settings.set', { headers: auth, body: '{"colorScheme":"neon"}' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toEqual({
      code: 'invalid_payload',
      message: 'Invalid payload for settings.set: colorScheme must be one of: "auto", "light", "dark".',
      details: [{ path: 'colorScheme', message: 'must be one of: "auto", "light", "dark"' }],
    });
    const broken = await call(port, '/api/settings.set', { headers: auth, body: '{"colorScheme":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({
      code: 'invalid_payload',
      message: expect.stringMatching(/not valid JSON/) as string,
    });
    const unknown = await call(port, '/api/jobs.launchMissiles', { headers: auth });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 'unknown_channel' });
  });

  it('answers a method other than POST with 405, method_not_allowed and Allow (finding 5)', async () => {
    const { port } = await start();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await call(port, '/api/app.info', { method, headers: auth });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'method_not_allowed' });
    }
  });

  it('answers a body over the limit with 413 payload_too_large (finding 5)', async () => {
    const { port } = await start();
    const body = JSON.stringify({ colorScheme: 'x'.repeat(jsonBodyLimitBytes) });
    const answer = await call(port, '/api/settings.set', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses deeply nested JSON cheaply, and stays responsive (finding 4)', async () => {
    const { port } = await start();
    const depth = Math.floor((jsonBodyLimitBytes - 2) / 2);
    const started = performance.now();
    const answer = await call(port, '/api/settings.set', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'invalid_payload',
      message: `The body is nested deeper than ${maxJsonDepth} levels.`,
    });
    expect(performance.now() - started).toBeLessThan(500);
    // Nesting up to the limit is still read (and then checked against the channel's schema).
    const deepButFine = `${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}`;
    const checked = await call(port, '/api/settings.set', { headers: auth, body: deepButFine });
    expect(JSON.parse(checked.body)).toMatchObject({ code: 'invalid_payload', details: [{ path: '' }] });
  });

  it('takes JSON only, and an empty body as {}', async () => {
    const { port } = await start();
    const form = await call(port, '/api/app.info', {
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body)).toMatchObject({ code: 'invalid_payload' });
    expect((await call(port, '/api/app.info', { headers: auth })).status).toBe(200);
    const emptyJson = await call(port, '/api/app.info', {
      headers: { ...auth, 'Content-Type': 'application/json' },
    });
    expect(emptyJson.status).toBe(200);
  });

  it('serves extra routes behind the same guards (for later issues, e.g. files the UI shows)', async () => {
    const root = tempDir();
    const core = createAppCore({ dataDir: join(root, 'data'), host: 'headless' });
    const server = await startHeadlessServer({
      core,
      token,
      host: '127.0.0.1',
      port: 0,
      staticDir: null,
      routes: [
        (api) => {
          api.get('/api/files/*', (_request, reply) =>
            reply.type('application/octet-stream').send(Buffer.from('png')),
          );
          return Promise.resolve();
        },
      ],
    });
    running.push({ core, server });
    expect((await call(server.port, '/api/files/a.png', { method: 'GET' })).status).toBe(401);
    const forged = await call(server.port, '/api/files/a.png', {
      method: 'GET',
      headers: { ...auth, Origin: 'http://evil.example' },
    });
    expect(forged.status).toBe(403);
    const file = await call(server.port, '/api/files/a.png', { method: 'GET', headers: auth });
    expect([file.status, file.body]).toEqual([200, 'png']);
    expect((await call(server.port, '/api/app.info', { headers: auth })).status).toBe(200);
  });

  it('serves its OpenAPI document with the token only', async () => {
    const { port } = await start();
    expect((await call(port, '/api/openapi.json', { method: 'GET' })).status).toBe(401);
    const answer = await call(port, '/api/openapi.json', { method: 'GET', headers: auth });
    expect(answer.status).toBe(200);
    const document = JSON.parse(answer.body) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        ...requestNames.map((c) => `/api/${c}`),
        ...Object.keys(fileRoutes).map((r) => `/api/files/${r}`),
      ].sort(),
    );
  });

  it('serves the renderer without a token, with the Content-Security-Policy', async () => {
    const { port } = await start();
    const page = await call(port, '/', { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>DPGui</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect((await call(port, '/../../etc/passwd', { method: 'GET' })).status).toBe(404);
  });

  it('answers the fixed subprotocol dpgui.v1, never the token (finding 9)', async () => {
    const { port } = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, ['dpgui.v1', `token.${token}`]);
    const headers = new Promise<Record<string, string | string[] | undefined>>((resolve) =>
      ws.once('upgrade', (res) => resolve(res.headers)),
    );
    expect(await upgradeStatus(ws)).toBe(101);
    expect(ws.protocol).toBe('dpgui.v1');
    expect(JSON.stringify(await headers)).not.toContain(token);
    ws.close();
  });

  it('refuses the event stream without the token or from a foreign origin', async () => {
    const { port } = await start();
    expect(await upgradeStatus(openSocket(port, ''))).toBe(401);
    expect(await upgradeStatus(openSocket(port, '?token=wrong'))).toBe(401);
    expect(await upgradeStatus(openSocket(port, `?token=${token}`, { Origin: 'http://evil.example' }))).toBe(
      403,
    );
  });

  it('pushes subscribed events to every socket, and carries requests too', async () => {
    const { port } = await start();
    const a = openSocket(port);
    const b = new WebSocket(`ws://127.0.0.1:${port}/api/events`, ['dpgui.v1', `token.${token}`]);
    await Promise.all([upgradeStatus(a), upgradeStatus(b)]);
    a.send(JSON.stringify({ type: 'subscribe', event: 'settings.changed' }));
    b.send(JSON.stringify({ type: 'subscribe', event: 'settings.changed' }));
    // A request over the socket answers in order, so the subscriptions above are in place after it.
    a.send(JSON.stringify({ type: 'request', id: 1, channel: 'settings.get', payload: {} }));
    expect(await nextMessage(a)).toMatchObject({
      type: 'response',
      id: 1,
      result: { ok: true, value: { colorScheme: 'auto' } },
    });
    b.send(JSON.stringify({ type: 'request', id: 1, channel: 'app.info', payload: {} }));
    await nextMessage(b);

    const events = Promise.all([nextMessage(a), nextMessage(b)]);
    await call(port, '/api/settings.set', { headers: auth, body: '{"colorScheme":"dark"}' });
    const expected = { type: 'event', event: 'settings.changed', payload: { colorScheme: 'dark' } };
    expect(await events).toMatchObject([expected, expected]);

    a.send(JSON.stringify({ type: 'request', id: 2, channel: 'settings.set', payload: { colorScheme: 7 } }));
    const answer = (await nextMessage(a)) as { result: { ok: boolean; error: { code: string } } };
    expect(answer.result.error.code).toBe('invalid_payload');
    a.send(JSON.stringify({ type: 'subscribe', event: 'jobs.nothing' }));
    expect(await nextMessage(a)).toMatchObject({ type: 'error', error: { code: 'unknown_channel' } });
    a.close();
    b.close();
  });
});
