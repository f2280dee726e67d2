/**
 * The one file route, as the renderer uses it: `client.file(request)` of its web transport (GET
 * /api/files/<route> on the headless host, over HTTP) and of its desktop transport (dpgui-file:// URLs,
 * served by the desktop app's protocol handler, run under Node with the recorded Electron stand-in)
 * answer the same bytes for the same request, and the same refusal. The headless route refuses what
 * is not a route, a malformed parameter and other methods with a sentence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppCore } from '../../src/main/core/app-core';
import type {
  ContractCallError,
  DpguiClient,
  FileRouteRequest,
  RequestName,
} from '../../src/shared/contract';
import type { DpguiBridge } from '../../src/shared/contract/wire';
import { createFakeElectron } from '../support/fake-electron';
import { httpCall, useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const token = 'file-route-token';

/**
 * The renderer's transports, loaded by path: they belong to the web project, which the type-check of
 * tests does not include, so their types are written out here (what this test uses of them).
 */
interface WebTransportModule {
  createWebTransport: (options: { origin: string; token: string }) => { client: DpguiClient };
}
interface BridgeTransportModule {
  createBridgeTransport: (bridge: DpguiBridge) => { client: DpguiClient };
}
const webTransportPath = '../../src/renderer/src/api/web-transport';
const bridgeTransportPath = '../../src/renderer/src/api/bridge-transport';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllGlobals();
  vi.doUnmock('electron');
  vi.resetModules();
});

const startHost = useInProcessHosts(token);

/** A headless host serving the file route, with one scanned dataset holding a 300×200 image. */
async function startWithDataset(): Promise<{
  core: AppCore;
  server: { port: number };
  datasetId: string;
  image: string;
}> {
  const folder = join(tempDir(), 'photos');
  mkdirSync(folder);
  const image = join(folder, 'cat.png');
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#468' } })
    .png()
    .toFile(image);
  writeFileSync(join(folder, 'cat.txt'), 'a cat');
  const host = await startHost();
  const call = async <T>(channel: RequestName, payload: unknown): Promise<T> => {
    const { status, body } = await postChannel(host, channel, payload);
    expect(status, `${channel}: ${JSON.stringify(body)}`).toBe(200);
    return body as T;
  };
  const { id } = await call<{ id: string }>('datasets.register', { path: folder });
  await call('datasets.scan', { id });
  return { core: host.core, server: host, datasetId: id, image };
}

/** The web transport's client; its event socket never opens (file reads do not use it). */
async function webClient(port: number): Promise<DpguiClient> {
  vi.stubGlobal(
    'WebSocket',
    class {
      static OPEN = 1;
      readyState = 0;
      send(): void {}
      close(): void {}
    },
  );
  const { createWebTransport } = (await import(webTransportPath)) as WebTransportModule;
  return createWebTransport({ origin: `http://127.0.0.1:${port}`, token }).client;
}

/**
 * The desktop transport's client, its dpgui-file:// fetches answered by the desktop app's protocol
 * handler (registered on the Electron stand-in by the app's own serveFiles) over the same core.
 */
async function desktopClient(core: AppCore): Promise<DpguiClient> {
  const fake = createFakeElectron();
  vi.resetModules();
  vi.doMock('electron', () => fake);
  const { fileScheme, serveFiles } = await import('../../src/main/hosts/electron/file-protocol');
  serveFiles(core.files);
  const handler = fake.protocol.handlers.get(fileScheme);
  if (!handler) throw new Error('the desktop app registered no file protocol');
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(`${fileScheme}:`) ? handler({ url }) : realFetch(input, init);
  });
  const bridge: DpguiBridge = {
    request: () => Promise.reject(new Error('not used')),
    subscribe: () => () => {},
  };
  const { createBridgeTransport } = (await import(bridgeTransportPath)) as BridgeTransportModule;
  return createBridgeTransport(bridge).client;
}

const bytesOf = async (blob: Blob): Promise<Buffer> => Buffer.from(await blob.arrayBuffer());

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  // By name: the transports were loaded after a module reset, with their own copy of the class.
  expect((error as Error).name, String(error)).toBe('ContractCallError');
  const { code, message } = error as ContractCallError;
  return { code, message };
}

describe('the file route in the client interface', () => {
  it('answers the same thumbnail and original through the web and the desktop transports', async () => {
    const { core, server, datasetId, image } = await startWithDataset();
    const web = await webClient(server.port);
    const desktop = await desktopClient(core);

    const thumbnail: FileRouteRequest = { route: 'thumbnail', datasetId, path: 'cat.png', size: 64 };
    const fromWeb = await web.file(thumbnail);
    const fromDesktop = await desktop.file(thumbnail);
    expect(fromWeb.type).toBe('image/webp');
    expect(fromDesktop.type).toBe('image/webp');
    expect(await sharp(await bytesOf(fromWeb)).metadata()).toMatchObject({
      format: 'webp',
      width: 64,
      height: 43,
    });
    expect(await bytesOf(fromDesktop)).toEqual(await bytesOf(fromWeb));

    const original: FileRouteRequest = { route: 'original', datasetId, path: 'cat.png' };
    expect(await bytesOf(await web.file(original))).toEqual(readFileSync(image));
    expect(await bytesOf(await desktop.file(original))).toEqual(readFileSync(image));
  });

  it('refuses a file outside the dataset with the same error through both transports', async () => {
    const { core, server, datasetId } = await startWithDataset();
    const web = await webClient(server.port);
    const desktop = await desktopClient(core);
    for (const request of [
      { route: 'original', datasetId, path: '../../../etc/passwd' },
      { route: 'thumbnail', datasetId: 'no-such-dataset', path: 'cat.png' },
      { route: 'job-output', path: '/etc/passwd' },
    ] satisfies FileRouteRequest[]) {
      const fromWeb = await refusalOf(web.file(request));
      expect(fromWeb.code, JSON.stringify(request)).toMatch(/^(not_found|forbidden)$/);
      expect(fromWeb.message).not.toMatch(/undefined|\.\.$/);
      expect(await refusalOf(desktop.file(request)), JSON.stringify(request)).toEqual(fromWeb);
    }
  });
});

describe('the headless file route', () => {
  it('refuses what is not a route, a malformed parameter and other methods, with a sentence', async () => {
    const { server, datasetId } = await startWithDataset();
    const auth = { Authorization: `Bearer ${token}` };
    const get = (path: string, method = 'GET') => httpCall(server.port, path, { method, headers: auth });
    const refusal = (answer: { status: number; body: string }) => ({
      status: answer.status,
      ...(JSON.parse(answer.body) as { code: string; message: string }),
    });

    expect(refusal(await get('/api/files/checkpoint?path=%2Fx'))).toMatchObject({
      status: 404,
      code: 'not_found',
      message:
        'There is no such file route; the routes are thumbnail, original, job-output under /api/files/.',
    });
    expect(
      refusal(await get(`/api/files/thumbnail?dataset=${datasetId}&path=cat.png&size=big`)),
    ).toMatchObject({
      status: 400,
      code: 'invalid_payload',
      message: 'The size "big" is not a whole number of pixels (1 or more).',
    });
    expect(refusal(await get('/api/files/original?path=cat.png'))).toMatchObject({
      status: 400,
      message: 'Name the file with its dataset and path (the dataset parameter).',
    });
    const posted = await get(`/api/files/original?dataset=${datasetId}&path=cat.png`, 'POST');
    expect(refusal(posted)).toMatchObject({ status: 405, message: 'Files are read with GET.' });
    expect(posted.headers.allow).toBe('GET, HEAD');
    // Refused before any body is read: a body the host would not parse changes nothing.
    const put = await httpCall(server.port, `/api/files/original?dataset=${datasetId}&path=cat.png`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(refusal(put)).toMatchObject({ status: 405, code: 'method_not_allowed' });
    // Without the token, nothing: not even whether the route exists.
    expect((await httpCall(server.port, '/api/files/checkpoint', { method: 'GET' })).status).toBe(401);
  });
});
