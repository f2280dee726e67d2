import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { RequestName, RequestOf, ResponseOf } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../../core/app-core';
import type { FileService } from '../../core/files/file-service';
import { fileRoutes } from './file-route';
import { createHeadlessApp } from './headless-server';

const tempDir = useTempDirs();
const token = 'test-token-123';
const auth = { authorization: `Bearer ${token}`, host: '127.0.0.1' };
let core: AppCore | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

async function setUp() {
  const dataset = tempDir();
  const outside = tempDir();
  const jobOut = tempDir();
  mkdirSync(join(dataset, '5_cat'));
  for (const [i, [w, h]] of [
    [64, 64],
    [96, 64],
    [64, 96],
  ].entries()) {
    await sharp({ create: { width: w ?? 1, height: h ?? 1, channels: 3, background: '#a53' } })
      .png()
      .toFile(join(dataset, '5_cat', `img${i}.png`));
    writeFileSync(join(dataset, '5_cat', `img${i}.txt`), `cat, pose ${i}`);
  }
  writeFileSync(join(outside, 'secret.png'), 'secret');
  symlinkSync(join(outside, 'secret.png'), join(jobOut, 'escape.png'));
  await sharp({ create: { width: 32, height: 32, channels: 3, background: '#0a0' } })
    .png()
    .toFile(join(jobOut, 'sample.png'));
  core = createAppCore({
    dataDir: tempDir(),
    host: 'headless',
    checkResponses: true,
    jobOutputFolders: () => [jobOut],
  });
  const app = await createHeadlessApp({
    core,
    token,
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    routes: [fileRoutes(core.files, token)],
  });
  const call = async <C extends RequestName>(channel: C, body: RequestOf<C>): Promise<ResponseOf<C>> => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/${channel}`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode, `${channel}: ${res.body}`).toBe(200);
    return res.json<ResponseOf<C>>();
  };
  return { app, call, dataset, outside, jobOut };
}

describe('datasets over the headless API', () => {
  it('registers, scans, previews buckets, serves thumbnails, edits a caption, bulk-prepends and undoes', async () => {
    const { app, call, dataset } = await setUp();
    const registered = await call('datasets.register', { path: dataset });
    const scanned = await call('datasets.scan', { id: registered.id });
    expect(scanned.scan?.counts).toMatchObject({ images: 3, captioned: 3 });
    expect(scanned.scan?.subsets).toEqual([
      { path: '5_cat', repeats: 5, classTokens: 'cat', images: 3, videos: 0 },
    ]);

    const buckets = await call('datasets.buckets', {
      id: registered.id,
      settings: {
        trainer: 'sd-scripts',
        resolution: 64,
        enableBucket: true,
        minBucketReso: 32,
        maxBucketReso: 128,
        bucketResoSteps: 32,
        batchSize: 2,
      },
    });
    expect(
      buckets.buckets.reduce((n: number, b: { imagesWithRepeats: number }) => n + b.imagesWithRepeats, 0),
    ).toBe(15);
    expect(buckets.stepsPerEpoch).toBe(
      buckets.buckets.reduce(
        (n: number, b: { imagesWithRepeats: number }) => n + Math.ceil(b.imagesWithRepeats / 2),
        0,
      ),
    );

    const thumb = await app.inject({
      url: `/api/files/thumbnail?dataset=${registered.id}&path=5_cat/img1.png&size=64`,
      headers: auth,
    });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toContain('private');
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(64);
    const original = await app.inject({
      url: `/api/files/original?dataset=${registered.id}&path=5_cat%2Fimg0.png`,
      headers: auth,
    });
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(original.rawPayload.equals(readFileSync(join(dataset, '5_cat', 'img0.png')))).toBe(true);

    await call('datasets.caption.set', { id: registered.id, path: '5_cat/img0.png', text: 'cat, sitting' });
    expect(readFileSync(join(dataset, '5_cat', 'img0.txt'), 'utf8')).toBe('cat, sitting');

    const preview = await call('datasets.bulk.preview', {
      id: registered.id,
      operation: { kind: 'prepend', text: 'ohwx' },
    });
    expect(preview.changes).toContainEqual({
      path: '5_cat/img0.png',
      before: 'cat, sitting',
      after: 'ohwx, cat, sitting',
    });
    expect(readFileSync(join(dataset, '5_cat', 'img0.txt'), 'utf8')).toBe('cat, sitting'); // a preview writes nothing
    const applied = await call('datasets.bulk.apply', {
      id: registered.id,
      operation: { kind: 'prepend', text: 'ohwx' },
    });
    expect(applied.changed).toBe(3);
    expect(readFileSync(join(dataset, '5_cat', 'img1.txt'), 'utf8')).toBe('ohwx, cat, pose 1');
    const tags = await call('datasets.tags', { id: registered.id });
    expect(tags.tags[0]).toEqual({ tag: 'cat', count: 3 });
    const undone = await call('datasets.undoBulk', { id: registered.id });
    expect(undone).toEqual({ restored: 3, conflicts: [] });
    expect(readFileSync(join(dataset, '5_cat', 'img1.txt'), 'utf8')).toBe('cat, pose 1');
    expect(readFileSync(join(dataset, '5_cat', 'img0.txt'), 'utf8')).toBe('cat, sitting');
    await app.close();
  });

  it('keeps a non-UTF-8 caption unless the user forces the write', async () => {
    const { app, call, dataset } = await setUp();
    writeFileSync(join(dataset, '5_cat', 'img2.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const { id } = await call('datasets.register', { path: dataset });
    await call('datasets.scan', { id });
    const caption = await call('datasets.caption.get', { id, path: '5_cat/img2.png' });
    expect(caption).toMatchObject({ encoding: 'not-utf-8', text: 'caf\uFFFD' });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/datasets.caption.set',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { id, path: '5_cat/img2.png', text: 'café' },
    });
    expect(refused.statusCode).toBe(409);
    const bulk = await call('datasets.bulk.apply', { id, operation: { kind: 'prepend', text: 'ohwx' } });
    expect(bulk.skipped.map((s: { path: string }) => s.path)).toEqual(['5_cat/img2.png']);
    expect(readFileSync(join(dataset, '5_cat', 'img2.txt'))).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await call('datasets.caption.set', { id, path: '5_cat/img2.png', text: 'café', force: true });
    expect(readFileSync(join(dataset, '5_cat', 'img2.txt'), 'utf8')).toBe('café');
    await app.close();
  });

  it('refuses every path outside a scanned dataset or a job output folder, and requests without the token', async () => {
    const { app, call, dataset, jobOut, outside } = await setUp();
    const { id } = await call('datasets.register', { path: dataset });
    await call('datasets.scan', { id });
    const escapes = [
      `/api/files/original?dataset=${id}&path=../../etc/passwd`,
      `/api/files/original?dataset=${id}&path=%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `/api/files/original?dataset=${id}&path=%252e%252e%252fetc%252fpasswd`,
      `/api/files/original?dataset=${id}&path=${encodeURIComponent(join(outside, 'secret.png'))}`,
      `/api/files/original?dataset=${id}&path=5_cat/img0.txt`, // a caption is not a media file of the scan
      `/api/files/thumbnail?dataset=${id}&path=5_cat/../../${encodeURIComponent(outside)}/secret.png`,
      `/api/files/original?dataset=nope&path=5_cat/img0.png`,
      `/api/files/original?path=/etc/passwd`,
      `/api/files/job-output?path=/etc/passwd`,
      `/api/files/job-output?path=${encodeURIComponent(join(jobOut, 'escape.png'))}`, // a link pointing out
      `/api/files/job-output?path=${encodeURIComponent(join(jobOut, '..', 'x'))}`,
      `/api/files/job-output?path=sample.png`,
    ];
    for (const url of escapes) {
      const res = await app.inject({ url, headers: auth });
      expect([400, 403, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('secret');
    }
    const sample = await app.inject({
      url: `/api/files/job-output?path=${encodeURIComponent(join(jobOut, 'sample.png'))}`,
      headers: auth,
    });
    expect(sample.statusCode).toBe(200);
    const noToken = await app.inject({
      url: `/api/files/original?dataset=${id}&path=5_cat/img0.png`,
      headers: { host: '127.0.0.1' },
    });
    expect(noToken.statusCode).toBe(401);
    await app.close();
  });
});

describe('the file route’s answers', () => {
  it('tells a client to come back when file work is over its bound (503 + Retry-After)', async () => {
    const files: FileService = {
      resolve: () => ({ ok: false, status: 404, reason: 'unused' }),
      serve: () =>
        Promise.resolve({
          ok: false,
          status: 503,
          reason: 'The host is busy reading other files; try again in a moment.',
          retryAfterSeconds: 3,
        }),
      thumbnailSize: (size) => size,
      setJobOutputFolders: () => undefined,
    };
    core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    const app = await createHeadlessApp({
      core,
      token,
      host: '127.0.0.1',
      port: 0,
      staticDir: null,
      routes: [fileRoutes(files, token)],
    });
    const res = await app.inject({ url: '/api/files/original?dataset=d&path=a.png', headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json<{ message: string }>().message).toContain('busy');
    await app.close();
  });

  it('answers HEAD with the length and type of what GET sends, without the bytes', async () => {
    const { app, call, dataset } = await setUp();
    const { id } = await call('datasets.register', { path: dataset });
    await call('datasets.scan', { id });
    const url = `/api/files/original?dataset=${id}&path=5_cat/img0.png`;
    const head = await app.inject({ method: 'HEAD', url, headers: auth });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(
      String(readFileSync(join(dataset, '5_cat', 'img0.png')).length),
    );
    expect(head.headers['content-type']).toBe('image/png');
    expect(head.rawPayload.length).toBe(0);
    await app.close();
  });
});
