/**
 * Hostile files through the file route of the real headless host, over real keep-alive connections:
 * a FIFO, a link to /dev/zero or a procfs file, a `key.png` that is a private key, a folder, a NUL in
 * the path, a file growing or shrinking while it is sent — on the thumbnail, original and job-output
 * routes. Each is answered with a 4xx sentence (or sent exactly as declared), the next request on the
 * same connection is intact, and the rest of the app keeps answering meanwhile.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import { fileRoutes } from '../../src/main/hosts/headless/file-route';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import { httpCall } from '../support/in-process-host';
import { KeepAliveConnection } from '../support/keep-alive-connection';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const token = 'test-token-123';
const auth = { Authorization: `Bearer ${token}` };

const running: {
  core: AppCore;
  server: HeadlessServer;
  fifos: string[];
  connections: KeepAliveConnection[];
}[] = [];
afterEach(async () => {
  for (const { core, server, fifos, connections } of running.splice(0)) {
    for (const connection of connections) connection.close();
    // A reader stuck opening a FIFO (the code before the fix) is let go by a writer.
    for (const fifo of fifos) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader waiting
      }
    }
    await server.close();
    core.close();
  }
});

const bigBytes = 32 * 1024 * 1024;

async function png(file: string): Promise<void> {
  await sharp({ create: { width: 32, height: 32, channels: 3, background: '#a53' } })
    .png()
    .toFile(file);
}

/** The PNG made larger, to 32 MiB: more than any socket buffer holds. Its path stays what the scan saw. */
function makeBig(file: string): void {
  const head = readFileSync(file);
  writeFileSync(file, Buffer.concat([head, Buffer.alloc(bigBytes - head.length, 7)]));
}

async function hostileHost() {
  const dataset = tempDir();
  const outside = tempDir();
  const jobOut = tempDir();
  const root = tempDir();
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
  const key = join(outside, 'id_ed25519');
  writeFileSync(
    key,
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  );

  const sub = join(dataset, '1_cat');
  mkdirSync(sub);
  for (const name of ['good', 'fifo', 'folder', 'device', 'grow', 'shrink', 'many0'])
    await png(join(sub, `${name}.png`));
  symlinkSync('/dev/zero', join(sub, 'zero.png'));
  symlinkSync('/proc/self/pagemap', join(sub, 'pagemap.png'));
  symlinkSync(key, join(sub, 'key.png'));

  for (const name of ['good', 'grow', 'shrink']) await png(join(jobOut, `${name}.png`));
  symlinkSync('/dev/zero', join(jobOut, 'zero.png'));
  symlinkSync('/proc/self/pagemap', join(jobOut, 'pagemap.png'));
  writeFileSync(join(jobOut, 'key.png'), readFileSync(key)); // a key inside the folder, named as a sample
  symlinkSync(key, join(jobOut, 'key-link.png')); // and one pointing out of it
  mkdirSync(join(jobOut, 'folder.png'));
  execFileSync('mknod', [join(jobOut, 'device.png'), 'c', '1', '5']); // /dev/zero's own device node
  execFileSync('mkfifo', [join(jobOut, 'fifo.png')]);
  writeFileSync(join(jobOut, 'prompt.txt'), 'a cat, sitting\n');
  writeFileSync(join(jobOut, 'binary.txt'), Buffer.from('a cat\0sitting'));
  writeFileSync(join(jobOut, 'lora.safetensors'), Buffer.from('{"__metadata__":{}}'));

  const core = createAppCore({
    dataDir: join(root, 'data'),
    host: 'headless',
    checkResponses: true,
    jobOutputFolders: () => [jobOut],
  });
  const server = await startHeadlessServer({
    core,
    token,
    host: '127.0.0.1',
    port: 0,
    staticDir,
    routes: [fileRoutes(core.files, token)],
  });
  const fifos = [join(jobOut, 'fifo.png'), join(sub, 'fifo.png')];
  const connections: KeepAliveConnection[] = [];
  running.push({ core, server, fifos, connections });

  const call = async (channel: string, body: unknown): Promise<unknown> => {
    const answer = await httpCall(server.port, `/api/${channel}`, {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status, `${channel}: ${answer.body}`).toBe(200);
    return JSON.parse(answer.body) as unknown;
  };
  const { id } = (await call('datasets.register', { path: dataset })) as { id: string };
  await call('datasets.scan', { id });
  // Swapped since the scan, at the same path (so the path still resolves where the scan said).
  rmSync(join(sub, 'fifo.png'));
  execFileSync('mkfifo', [join(sub, 'fifo.png')]);
  rmSync(join(sub, 'folder.png'));
  mkdirSync(join(sub, 'folder.png'));
  rmSync(join(sub, 'device.png'));
  execFileSync('mknod', [join(sub, 'device.png'), 'c', '1', '5']);

  const open = async (): Promise<KeepAliveConnection> => {
    const connection = await KeepAliveConnection.open(server.port);
    connections.push(connection);
    return connection;
  };
  const urls = {
    thumbnail: (name: string) =>
      `/api/files/thumbnail?dataset=${id}&path=${encodeURIComponent(`1_cat/${name}`)}&size=64`,
    original: (name: string) =>
      `/api/files/original?dataset=${id}&path=${encodeURIComponent(`1_cat/${name}`)}`,
    'job-output': (name: string) => `/api/files/job-output?path=${encodeURIComponent(join(jobOut, name))}`,
  };
  return { server, core, dataset, sub, jobOut, staticDir, id, open, urls, call };
}

type Route = 'thumbnail' | 'original' | 'job-output';
const routes: Route[] = ['thumbnail', 'original', 'job-output'];

/** The good file again on the same connection: its bytes exactly, or a real thumbnail. */
async function expectIntactNext(connection: KeepAliveConnection, url: string, route: Route, file: string) {
  const next = await connection.get(url, auth);
  expect(next.status, next.body.toString()).toBe(200);
  if (route === 'thumbnail') expect(next.headers['content-type']).toBe('image/webp');
  else expect(next.body.equals(readFileSync(file))).toBe(true);
}

describe('hostile files on the file route', () => {
  // What each case is answered with, per route. 422: the file is there but is not what the route
  // sends; 403: a job output link pointing out of the output folder; 400: a path no file can have.
  const cases: { name: string; file: string; status: Record<Route, number[]> }[] = [
    {
      name: 'a FIFO in place of a scanned file',
      file: 'fifo.png',
      status: { thumbnail: [422], original: [422], 'job-output': [422] },
    },
    {
      name: 'a device node (/dev/zero) in place of a scanned file',
      file: 'device.png',
      status: { thumbnail: [422], original: [422], 'job-output': [422] },
    },
    // A dataset link is followed as the trainers follow it; the scan does not list a link to a device.
    {
      name: 'a link to /dev/zero',
      file: 'zero.png',
      status: { thumbnail: [404], original: [404], 'job-output': [403] },
    },
    {
      name: 'a link to /proc/self/pagemap (size 0, endless)',
      file: 'pagemap.png',
      status: { thumbnail: [422], original: [422], 'job-output': [403] },
    },
    {
      name: 'key.png: a private key named as an image',
      file: 'key.png',
      status: { thumbnail: [422], original: [422], 'job-output': [422] },
    },
    {
      name: 'a folder in place of a scanned file',
      file: 'folder.png',
      status: { thumbnail: [422], original: [422], 'job-output': [422] },
    },
    {
      name: 'a NUL in the path',
      file: 'good\0.png',
      status: { thumbnail: [400], original: [400], 'job-output': [400] },
    },
  ];

  for (const route of routes) {
    it.each(cases)(
      `${route}: $name is refused and the connection stays intact`,
      async ({ file, status }) => {
        const host = await hostileHost();
        const connection = await host.open();
        const answer = await connection.get(host.urls[route](file), auth);
        expect(status[route], answer.body.toString()).toContain(answer.status);
        const message = (JSON.parse(answer.body.toString()) as { message: string }).message;
        expect(message.length).toBeGreaterThan(10);
        expect(answer.body.toString()).not.toContain('PRIVATE KEY');
        const good = route === 'job-output' ? join(host.jobOut, 'good.png') : join(host.sub, 'good.png');
        await expectIntactNext(connection, host.urls[route]('good.png'), route, good);
      },
      30_000,
    );
  }

  it('job-output: a key link pointing out of the folder is refused too', async () => {
    const host = await hostileHost();
    const answer = await (await host.open()).get(host.urls['job-output']('key-link.png'), auth);
    expect(answer.status).toBe(403);
  });

  it('job-output: sends UTF-8 text, refuses binary text and checkpoints', async () => {
    const host = await hostileHost();
    const connection = await host.open();
    const prompt = await connection.get(host.urls['job-output']('prompt.txt'), auth);
    expect(prompt.status).toBe(200);
    expect(prompt.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(prompt.body.toString()).toBe('a cat, sitting\n');
    expect((await connection.get(host.urls['job-output']('binary.txt'), auth)).status).toBe(422);
    const checkpoint = await connection.get(host.urls['job-output']('lora.safetensors'), auth);
    expect(checkpoint.status).toBe(422);
    expect(checkpoint.body.toString()).toContain('Checkpoints');
  });

  it('answers a NUL in a page path or a host path with 400, not 404 or 500', async () => {
    const host = await hostileHost();
    const connection = await host.open();
    expect((await connection.get('/index%00.html')).status).toBe(400);
    expect((await connection.get('/')).status).toBe(200);
    // And in a channel that names a host path.
    const register = await httpCall(host.server.port, '/api/datasets.register', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: `${host.dataset}\u0000x` }),
    });
    expect(register.status).toBe(400);
    expect(register.body).toContain('NUL');
  });

  for (const route of ['original', 'job-output'] as const) {
    const folderOf = (host: Awaited<ReturnType<typeof hostileHost>>) =>
      route === 'original' ? host.sub : host.jobOut;

    it(`${route}: a file growing while it is sent is cut at the declared length`, async () => {
      const host = await hostileHost();
      const connection = await host.open();
      const file = join(folderOf(host), 'grow.png');
      makeBig(file);
      const before = readFileSync(file);
      connection.send(host.urls[route]('grow.png'), auth);
      const head = await connection.head();
      connection.pause();
      appendFileSync(file, Buffer.alloc(1024 * 1024, 9)); // the host is still sending: it waits on us
      connection.resume();
      expect(head.status).toBe(200);
      expect(head.contentLength).toBe(bigBytes);
      const body = await connection.body(head.contentLength);
      expect(body.complete).toBe(true);
      expect(body.bytes.equals(before)).toBe(true);
      // The next response starts right after the declared bytes: no leftover file bytes before it.
      await expectIntactNext(
        connection,
        host.urls[route]('good.png'),
        route,
        join(folderOf(host), 'good.png'),
      );
    }, 30_000);

    it(`${route}: a file shrinking while it is sent closes the connection instead of leaving it waiting`, async () => {
      const host = await hostileHost();
      const connection = await host.open();
      const file = join(folderOf(host), 'shrink.png');
      makeBig(file);
      connection.send(host.urls[route]('shrink.png'), auth);
      const head = await connection.head();
      connection.pause();
      truncateSync(file, 1024 * 1024);
      expect(head.status).toBe(200);
      expect(head.contentLength).toBe(bigBytes);
      await connection.untilClosed();
      const body = await connection.body(head.contentLength);
      expect(body.complete).toBe(false);
      // A new connection is served as usual.
      const again = await host.open();
      await expectIntactNext(again, host.urls[route]('good.png'), route, join(folderOf(host), 'good.png'));
    }, 30_000);
  }

  it('the UI’s own files are sent exactly as declared too (a rebuild while one is sent)', async () => {
    const host = await hostileHost();
    const grow = join(host.staticDir, 'grow.js');
    const shrink = join(host.staticDir, 'shrink.js');
    writeFileSync(grow, Buffer.alloc(bigBytes, 0x20));
    writeFileSync(shrink, Buffer.alloc(bigBytes, 0x20));
    const connection = await host.open();
    connection.send('/grow.js');
    const head = await connection.head();
    connection.pause();
    appendFileSync(grow, Buffer.alloc(1024 * 1024, 0x41));
    connection.resume();
    const body = await connection.body(head.contentLength);
    expect([head.contentLength, body.complete, body.bytes.includes(0x41)]).toEqual([bigBytes, true, false]);
    expect((await connection.get('/')).body.toString()).toContain('<title>DPGui</title>');

    connection.send('/shrink.js');
    expect((await connection.head()).contentLength).toBe(bigBytes);
    connection.pause();
    truncateSync(shrink, 1024);
    await connection.untilClosed();
  }, 30_000);

  it('thumbnail: growing and shrinking files get an answer of exactly the declared length', async () => {
    const host = await hostileHost();
    const connection = await host.open();
    for (const name of ['grow.png', 'shrink.png']) {
      connection.send(host.urls.thumbnail(name), auth);
      const head = await connection.head();
      if (name === 'grow.png') appendFileSync(join(host.sub, name), Buffer.alloc(1024, 9));
      else truncateSync(join(host.sub, name), 100);
      expect([200, 422]).toContain(head.status);
      expect((await connection.body(head.contentLength)).complete).toBe(true);
    }
    await expectIntactNext(
      connection,
      host.urls.thumbnail('good.png'),
      'thumbnail',
      join(host.sub, 'good.png'),
    );
  }, 30_000);

  it('keeps app.info, a thumbnail and the UI page answering while requests wait on FIFOs no one opens', async () => {
    const host = await hostileHost();
    // Four FIFO requests per route: before the fix each held one of libuv's four threads for good.
    const stuck = await Promise.all(
      routes.flatMap((route) =>
        [0, 1, 2, 3].map(async () => {
          const connection = await host.open();
          connection.send(host.urls[route]('fifo.png'), auth);
          return connection;
        }),
      ),
    );
    const started = performance.now();
    const [info, thumbnail, page] = await Promise.all([
      httpCall(host.server.port, '/api/app.info', {
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{}',
      }),
      httpCall(host.server.port, host.urls.thumbnail('many0.png'), { method: 'GET', headers: auth }),
      httpCall(host.server.port, '/', { method: 'GET' }),
    ]);
    const elapsed = performance.now() - started;
    expect(info.status).toBe(200);
    expect(thumbnail.status).toBe(200);
    expect(page.status).toBe(200);
    // The user-visible bound is a second; a busy CI machine gets a generous margin.
    expect(elapsed).toBeLessThan(3000);
    for (const connection of stuck) expect((await connection.head()).status).toBe(422);
  }, 30_000);
});
