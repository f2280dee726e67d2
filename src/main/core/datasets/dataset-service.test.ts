import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { EventPayloadOf } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../app-core';

const tempDir = useTempDirs();
let core: AppCore | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

async function manyImages(root: string, count: number): Promise<void> {
  const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#222' } })
    .png()
    .toBuffer();
  mkdirSync(join(root, '1_many'));
  for (let i = 0; i < count; i++) {
    writeFileSync(join(root, '1_many', `${i}.png`), png);
    writeFileSync(join(root, '1_many', `${i}.txt`), `tag${i % 3}`);
  }
}

async function dispatch(c: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const result = await c.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

describe('the dataset service', () => {
  it('scans in a worker: the host keeps answering and reports progress meanwhile', async () => {
    const root = tempDir();
    await manyImages(root, 2000);
    core = createAppCore({ dataDir: tempDir(), host: 'headless', checkResponses: true });
    const c = core;
    const progress: EventPayloadOf<'dataset.scanProgress'>[] = [];
    c.events.subscribe('dataset.scanProgress', (p) => progress.push(p));
    const { id } = (await dispatch(c, 'datasets.register', { path: root })) as { id: string };

    let longestStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    let scanDone = 0;
    const scan = dispatch(c, 'datasets.scan', { id }).then(() => (scanDone = performance.now()));
    const info = await dispatch(c, 'app.info', {}).then(() => performance.now());
    await scan;
    clearInterval(ticker);
    expect(info).toBeLessThan(scanDone);
    // The main thread never blocked for the scan's length (it reads 4,000 files).
    expect(longestStall).toBeLessThan(150);
    // 2,000 images, 2,000 captions and their folder: every entry the walk saw.
    expect(progress.at(-1)).toEqual({ id, phase: 'done', done: 2000, total: 2000, entries: 4001 });
  }, 60_000);

  it('rescans a watched folder when a caption changes, and stops when the lease is dropped', async () => {
    const root = tempDir();
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } })
      .png()
      .toFile(join(root, 'a.png'));
    core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    const c = core;
    const { id } = (await dispatch(c, 'datasets.register', { path: root })) as { id: string };
    await dispatch(c, 'datasets.scan', { id });
    const rescanned = new Promise<EventPayloadOf<'dataset.scanned'>>((resolve) =>
      c.events.subscribe('dataset.scanned', resolve),
    );
    expect(await dispatch(c, 'datasets.watch', { id, seconds: 60 })).toEqual({ watching: true });
    writeFileSync(join(root, 'a.txt'), 'a white square');
    const dataset = await rescanned;
    expect(dataset.scan?.counts.captioned).toBe(1);
    expect(await dispatch(c, 'datasets.watch', { id, seconds: 0 })).toEqual({ watching: false });
  });

  it('forgets a dataset without touching its files, and finds its scan again after a restart', async () => {
    const root = tempDir();
    const dataDir = tempDir();
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } })
      .png()
      .toFile(join(root, 'a.png'));
    writeFileSync(join(root, 'a.txt'), 'kept');
    core = createAppCore({ dataDir, host: 'headless' });
    const { id } = (await dispatch(core, 'datasets.register', { path: root })) as { id: string };
    await dispatch(core, 'datasets.scan', { id });
    core.close();
    core = createAppCore({ dataDir, host: 'headless' });
    const again = (await dispatch(core, 'datasets.get', { id })) as {
      scan: { counts: { images: number } } | null;
    };
    expect(again.scan?.counts.images).toBe(1);
    expect(core.files.resolve({ source: 'dataset', datasetId: id, path: 'a.png' }).ok).toBe(true);
    expect(await dispatch(core, 'datasets.remove', { id })).toEqual({ removed: true });
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('kept');
    expect(core.files.resolve({ source: 'dataset', datasetId: id, path: 'a.png' }).ok).toBe(false);
    expect(await dispatch(core, 'datasets.list', {})).toEqual({ datasets: [] });
  });

  it('undoes the last bulk operation but leaves a caption edited since alone, and says so', async () => {
    const root = tempDir();
    for (const name of ['a', 'b']) {
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toFile(join(root, `${name}.png`));
      writeFileSync(join(root, `${name}.txt`), `${name}, thing`);
    }
    core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    const { id } = (await dispatch(core, 'datasets.register', { path: root })) as { id: string };
    await dispatch(core, 'datasets.scan', { id });
    await dispatch(core, 'datasets.bulk.apply', { id, operation: { kind: 'add_tag', tag: 'new' } });
    writeFileSync(join(root, 'b.txt'), 'b, edited by hand');
    expect(await dispatch(core, 'datasets.undoBulk', { id })).toEqual({
      restored: 1,
      conflicts: [{ path: 'b.txt', reason: 'changed since the bulk operation; left as it is' }],
    });
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('a, thing');
    expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('b, edited by hand');
    // Only the last operation is undoable, once.
    expect((await core.dispatch('datasets.undoBulk', { id })).ok).toBe(false);
  });

  it('previews what each trainer reads: repeat folders for sd-scripts, captioned top-level files for diffusion-pipe', async () => {
    const root = tempDir();
    const img = (file: string, w: number, h: number) =>
      sharp({ create: { width: w, height: h, channels: 3, background: '#0f0' } })
        .png()
        .toFile(file);
    mkdirSync(join(root, '2_cat'));
    mkdirSync(join(root, 'misc'));
    await img(join(root, '2_cat', 'a.png'), 512, 512);
    await img(join(root, 'misc', 'b.png'), 512, 512);
    await img(join(root, 'top.png'), 768, 512);
    writeFileSync(join(root, 'top.txt'), 'top');
    await img(join(root, 'uncaptioned.png'), 512, 768);
    core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    const { id } = (await dispatch(core, 'datasets.register', { path: root })) as { id: string };
    await dispatch(core, 'datasets.scan', { id });
    const sd = (await dispatch(core, 'datasets.buckets', {
      id,
      settings: { trainer: 'sd-scripts', resolution: 512, enableBucket: true },
    })) as { buckets: { imagesWithRepeats: number }[]; left: { path: string }[] };
    expect(sd.buckets).toEqual([
      expect.objectContaining({ width: 512, height: 512, images: 1, imagesWithRepeats: 2 }),
    ]);
    expect(sd.left.map((l) => l.path).sort()).toEqual(['misc/b.png', 'top.png', 'uncaptioned.png']);
    const dp = (await dispatch(core, 'datasets.buckets', {
      id,
      settings: {
        trainer: 'diffusion-pipe',
        resolutions: [512],
        enableArBucket: true,
        minAr: 0.5,
        maxAr: 2,
        numArBuckets: 7,
      },
    })) as { buckets: { width: number; height: number }[]; left: { path: string; reason: string }[] };
    expect(dp.buckets).toHaveLength(1); // top.png only: the rest are in sub-folders or uncaptioned
    expect(dp.left.find((l) => l.path === 'uncaptioned.png')?.reason).toContain('skip_empty_caption');
  });
});
