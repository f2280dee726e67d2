/**
 * The datasets flow end to end on the built `dpgui serve` (npm test builds before the unit tests):
 * register a folder, scan it, read its buckets, fetch thumbnails, edit a caption, bulk prepend, undo.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestName, RequestOf, ResponseOf } from '../../src/shared/contract';
import { launchHost, type RunningHost } from '../support/launch-headless-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let host: RunningHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

async function call<C extends RequestName>(
  h: RunningHost,
  channel: C,
  body: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const res = await fetch(`${h.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${channel}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as ResponseOf<C>;
}

describe('datasets on dpgui serve', () => {
  it('registers, scans, previews buckets, serves thumbnails, edits a caption, bulk-prepends and undoes', async () => {
    const dataset = tempDir();
    mkdirSync(join(dataset, '4_dog'));
    const sizes = [
      [640, 480],
      [480, 640],
      [512, 512],
      [1200, 300],
    ] as const;
    for (const [i, [w, h]] of sizes.entries()) {
      await sharp({ create: { width: w, height: h, channels: 3, background: '#357' } })
        .jpeg()
        .toFile(join(dataset, '4_dog', `dog${i}.jpg`));
      writeFileSync(join(dataset, '4_dog', `dog${i}.txt`), `dog, grass ${i}\n`);
    }
    const h = await launchHost({ removeDataDir: true });
    host = h;

    const { id } = await call(host, 'datasets.register', { path: dataset });
    const scanned = await call(host, 'datasets.scan', { id });
    expect(scanned.scan?.counts).toMatchObject({ images: 4, captioned: 4, missingCaptions: 0 });

    const buckets = await call(host, 'datasets.buckets', {
      id,
      settings: { trainer: 'sd-scripts', resolution: 512, enableBucket: true, batchSize: 2 },
      includeFiles: true,
    });
    // sd-scripts' predefined buckets for 512 (steps 64, 256..1024): 640×480 → 576×448, 1200×300 → 1024×256.
    expect(buckets.files).toContainEqual({ path: '4_dog/dog0.jpg', width: 576, height: 448, frames: 1 });
    expect(buckets.files).toContainEqual({ path: '4_dog/dog3.jpg', width: 1024, height: 256, frames: 1 });
    expect(buckets.stepsPerEpoch).toBe(4 * Math.ceil(4 / 2)); // four buckets of one image × 4 repeats

    const thumbs = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        fetch(`${h.origin}/api/files/thumbnail?dataset=${id}&path=4_dog/dog${i}.jpg&size=128`, {
          headers: { authorization: `Bearer ${h.token}` },
        }),
      ),
    );
    for (const t of thumbs) {
      expect(t.status).toBe(200);
      expect(t.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await t.arrayBuffer())).metadata();
      expect(Math.max(meta.width, meta.height)).toBe(128);
    }
    const escape = await fetch(
      `${host.origin}/api/files/original?dataset=${id}&path=..%2F..%2Fetc%2Fpasswd`,
      {
        headers: { authorization: `Bearer ${host.token}` },
      },
    );
    expect(escape.status).toBe(404);

    await call(host, 'datasets.caption.set', { id, path: '4_dog/dog0.jpg', text: 'dog, running' });
    expect(readFileSync(join(dataset, '4_dog', 'dog0.txt'), 'utf8')).toBe('dog, running');
    const applied = await call(host, 'datasets.bulk.apply', {
      id,
      operation: { kind: 'prepend', text: 'sks' },
    });
    expect(applied.changed).toBe(4);
    expect(readFileSync(join(dataset, '4_dog', 'dog1.txt'), 'utf8')).toBe('sks, dog, grass 1\n');
    expect(await call(host, 'datasets.undoBulk', { id })).toEqual({ restored: 4, conflicts: [] });
    expect(readFileSync(join(dataset, '4_dog', 'dog1.txt'), 'utf8')).toBe('dog, grass 1\n');
    expect(readFileSync(join(dataset, '4_dog', 'dog0.txt'), 'utf8')).toBe('dog, running');
  });
});
