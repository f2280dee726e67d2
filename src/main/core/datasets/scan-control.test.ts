// Scans that can be stopped: cancel, remove and a newer scan each end the running worker (no progress
// after the answer, the waiting scan request settles), and many-caption requests leave the host answering.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { EventPayloadOf, ResponseOf } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../app-core';

type Progress = EventPayloadOf<'dataset.scanProgress'>;

const tempDir = useTempDirs();
let core: AppCore | null = null;
let sent: Progress[] = [];
afterEach(() => {
  // Every progress event a test saw matched the contract (a listener's throw would be swallowed).
  for (const p of sent) expect(core?.validators.event('dataset.scanProgress', p)).toEqual({ ok: true });
  sent = [];
  core?.close();
  core = null;
});

// One large dataset for every test here: 40 folders of 250 images, each with its caption. Its scan
// (read in full each time) lasts far longer than the round trip a test needs to stop it.
const big = mkdtempSync(join(tmpdir(), 'dpgui-big-dataset-'));
afterAll(() => rmSync(big, { recursive: true, force: true }), 60_000);
fillDataset(big, 40, 250);

/** `folders` folders of `perFolder` images (empty files: the scan marks them corrupt) with captions. */
function fillDataset(root: string, folders: number, perFolder: number): void {
  for (let f = 0; f < folders; f++) {
    const folder = join(root, `1_part${String(f).padStart(2, '0')}`);
    mkdirSync(folder);
    for (let i = 0; i < perFolder; i++) {
      writeFileSync(join(folder, `${i}.png`), '');
      writeFileSync(join(folder, `${i}.txt`), `tag${i % 7}, part${f}`);
    }
  }
}

async function ok<T>(c: AppCore, channel: string, payload: unknown): Promise<T> {
  const result = await c.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

/** A core with the big dataset registered, and every scan progress event it sends. */
async function start(path = big): Promise<{ c: AppCore; id: string; progress: Progress[]; dataDir: string }> {
  const dataDir = tempDir();
  const c = createAppCore({ dataDir, host: 'headless', checkResponses: true });
  core = c;
  const progress: Progress[] = [];
  sent = progress;
  c.events.subscribe('dataset.scanProgress', (p) => progress.push(p));
  const { id } = await ok<{ id: string }>(c, 'datasets.register', { path });
  return { c, id, progress, dataDir };
}

/** A scan request, answered once its first progress arrived (the worker is walking). */
async function scanStarted(c: AppCore, payload: object) {
  const first = new Promise<void>((resolve) => {
    const off = c.events.subscribe('dataset.scanProgress', () => {
      off();
      resolve();
    });
  });
  const scan = c.dispatch('datasets.scan', { full: true, ...payload });
  await first;
  // Wrapped: an async function returning the promise itself would wait for it.
  return { scan };
}

describe('stopping a scan', () => {
  it('datasets.cancelScan stops the worker: the scan answers conflict, then nothing more arrives', async () => {
    const { c, id, progress } = await start();
    const { scan } = await scanStarted(c, { id });
    expect(await ok(c, 'datasets.cancelScan', { id })).toEqual({ canceled: true });
    const seen = progress.length;
    expect(progress.at(-1)).toMatchObject({ id, phase: 'canceled' });
    const answer = await scan;
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('conflict');
      expect(answer.error.message).toMatch(/canceled/);
    }
    // The worker has exited: another round trip brings no progress of it.
    await ok(c, 'app.info', {});
    expect(progress.length).toBe(seen);
    expect(progress.filter((p) => p.phase === 'done')).toEqual([]);
    // Nothing runs now; the dataset keeps no scan (it had none finished).
    expect(await ok(c, 'datasets.cancelScan', { id })).toEqual({ canceled: false });
    expect(await ok<ResponseOf<'datasets.get'>>(c, 'datasets.get', { id })).toMatchObject({ scan: null });
  }, 60_000);

  it('datasets.remove stops the running scan before it answers removed', async () => {
    const { c, id, progress, dataDir } = await start();
    const { scan } = await scanStarted(c, { id });
    expect(await ok(c, 'datasets.remove', { id })).toEqual({ removed: true });
    const seen = progress.length;
    const answer = await scan;
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('conflict');
      expect(answer.error.message).toMatch(/removed/);
    }
    await ok(c, 'app.info', {});
    expect(progress.length).toBe(seen);
    expect(progress.at(-1)).toMatchObject({ id, phase: 'canceled' });
    expect(await ok(c, 'datasets.list', {})).toEqual({ datasets: [] });
    // The worker wrote no cache after the remove.
    expect(existsSync(join(dataDir, 'cache', 'datasets', `${id}.json`))).toBe(false);
    expect((await c.dispatch('datasets.get', { id })).ok).toBe(false);
  }, 60_000);

  it('a new scan of the same dataset replaces the running one; both requests get the new answer', async () => {
    const { c, id, progress } = await start();
    const { scan: first } = await scanStarted(c, { id });
    const second = c.dispatch('datasets.scan', { id, full: true, captionExtension: '.caption' });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(a.ok && (a.value as ResponseOf<'datasets.scan'>).scan?.captionExtension).toBe('.caption');
    // One scan finished: the replaced one never reported its end.
    expect(progress.filter((p) => p.phase === 'done')).toHaveLength(1);
    expect(progress.filter((p) => p.phase === 'canceled')).toEqual([]);
  }, 60_000);

  it('reports progress while it walks: entries seen, files listed, then files read', async () => {
    const { c, id, progress } = await start();
    await ok(c, 'datasets.scan', { id });
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['listing', 'reading', 'done']);
    // 40 folders of 500 entries, and the 40 folders themselves.
    expect(progress.at(-1)).toEqual({ id, phase: 'done', done: 10_000, total: 10_000, entries: 20_040 });
    const entries = progress.map((p) => p.entries);
    expect(entries).toEqual([...entries].sort((x, y) => x - y));
  }, 60_000);
});

describe('requests that read every caption', () => {
  it('datasets.tags, bulk.preview and bulk.apply leave the host answering app.info meanwhile', async () => {
    const root = tempDir();
    fillDataset(root, 4, 250);
    const { c, id } = await start(root);
    await ok(c, 'datasets.scan', { id });
    for (const [channel, payload] of [
      ['datasets.tags', { id }],
      ['datasets.bulk.preview', { id, operation: { kind: 'add_tag', tag: 'ohwx' } }],
      ['datasets.bulk.apply', { id, operation: { kind: 'add_tag', tag: 'ohwx' } }],
      ['datasets.undoBulk', { id }],
    ] as const) {
      const order: string[] = [];
      const long = ok(c, channel, payload).then(() => order.push(channel));
      const info = ok(c, 'app.info', {}).then(() => order.push('app.info'));
      await Promise.all([long, info]);
      expect(order, channel).toEqual(['app.info', channel]);
    }
    const tags = await ok<ResponseOf<'datasets.tags'>>(c, 'datasets.tags', { id });
    expect(tags.captions).toBe(1000);
    expect(tags.tags.find((t) => t.tag === 'ohwx')).toBeUndefined();
  }, 120_000);
});
