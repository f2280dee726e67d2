// Captions that are not plain text files — a FIFO, a link to a device or to procfs, a folder, a huge
// file — through every channel that reads captions: each answers at once with the reason, none freezes
// the host or reads without bound.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../app-core';
import { maxCaptionBytes } from './scan/caption-text';

interface Hostile {
  name: string;
  /** Puts the hostile thing where `file` (a caption) is. */
  make: (file: string) => void;
  /** The reason every channel gives. */
  reason: RegExp;
  /** Whether it is still what `make` made (nothing replaced or wrote into it). */
  intact: (file: string) => boolean;
}

const hostiles: Hostile[] = [
  {
    name: 'a FIFO nobody writes',
    make: (file) => execFileSync('mkfifo', [file]),
    reason: /named pipe \(FIFO\), not a regular file/,
    intact: (file) => lstatSync(file).isFIFO(),
  },
  {
    name: 'a link to /dev/zero',
    make: (file) => symlinkSync('/dev/zero', file),
    reason: /a device, not a regular file/,
    intact: (file) => lstatSync(file).isSymbolicLink(),
  },
  {
    name: 'a link to /proc/self/pagemap (size 0, never ends)',
    make: (file) => symlinkSync('/proc/self/pagemap', file),
    reason: /larger than 1 MiB/,
    intact: (file) => lstatSync(file).isSymbolicLink(),
  },
  {
    name: 'a folder named like the caption',
    make: (file) => mkdirSync(file),
    reason: /a folder, not a regular file/,
    intact: (file) => lstatSync(file).isDirectory(),
  },
  {
    name: 'a caption larger than the limit',
    make: (file) => writeFileSync(file, 'a'.repeat(maxCaptionBytes + 1)),
    reason: /larger than 1 MiB/,
    intact: (file) => lstatSync(file).size === maxCaptionBytes + 1,
  },
];

const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
  .png()
  .toBuffer();
const made: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dpgui-hostile-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A dataset of good.png (caption "good, cat") and bad.png, whose caption bad.txt is given by `bad`. */
function dataset(bad: (file: string) => void): string {
  const root = tempDir();
  writeFileSync(join(root, 'good.png'), png);
  writeFileSync(join(root, 'good.txt'), 'good, cat');
  writeFileSync(join(root, 'bad.png'), png);
  bad(join(root, 'bad.txt'));
  return root;
}

async function ok<T>(core: AppCore, channel: string, payload: unknown): Promise<T> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  expect(core.validators.response(channel as never, result.value), channel).toEqual({ ok: true });
  return result.value as T;
}

async function refused(core: AppCore, channel: string, payload: unknown) {
  const result = await core.dispatch(channel, payload);
  if (result.ok) throw new Error(`${channel} was not refused`);
  return result.error;
}

/** Exactly one entry, for `path`, whose reason matches. */
function onlyEntry(list: { path: string; reason: string }[], path: string, reason: RegExp): void {
  expect(list.map((entry) => entry.path)).toEqual([path]);
  expect(list[0]?.reason).toMatch(reason);
}

// Every case must answer at once; a read that blocks or runs on shows up as this timeout.
const quick = 15_000;

describe.each(hostiles)('a caption that is $name', (hostile) => {
  let core: AppCore;
  let id: string;
  let root: string;
  beforeAll(async () => {
    root = dataset(hostile.make);
    core = createAppCore({ dataDir: tempDir(), host: 'headless', checkResponses: true });
    ({ id } = await ok<{ id: string }>(core, 'datasets.register', { path: root }));
    await ok(core, 'datasets.scan', { id, full: true });
  }, 60_000);
  afterAll(() => core.close());

  it(
    'is marked unreadable by the scan, with the reason',
    async () => {
      const files = await ok<ResponseOf<'datasets.files'>>(core, 'datasets.files', { id });
      const bad = files.files.find((f) => f.path === 'bad.png');
      expect(bad).toMatchObject({ caption: 'unreadable', problem: null });
      expect(bad?.captionProblem).toMatch(hostile.reason);
      const good = files.files.find((f) => f.path === 'good.png');
      expect(good).toMatchObject({ caption: 'ok', captionProblem: null });
      const dataset = await ok<ResponseOf<'datasets.get'>>(core, 'datasets.get', { id });
      const issue = dataset.scan?.issues.find((i) => i.path === 'bad.png');
      expect(issue?.message).toMatch(hostile.reason);
    },
    quick,
  );

  it(
    'is refused by datasets.caption.get with a 4xx naming the caption and the reason',
    async () => {
      const error = await refused(core, 'datasets.caption.get', { id, path: 'bad.png' });
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toContain('bad.txt');
      expect(error.message).toMatch(hostile.reason);
      expect(error.message).toMatch(/Replace it with a plain text file|shorten it/);
    },
    quick,
  );

  it(
    'is refused by datasets.caption.set, and left as it is',
    async () => {
      const error = await refused(core, 'datasets.caption.set', { id, path: 'bad.png', text: 'new' });
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toMatch(hostile.reason);
      expect(hostile.intact(join(root, 'bad.txt'))).toBe(true);
    },
    quick,
  );

  it(
    'is skipped by datasets.tags, with the reason; the other captions are counted',
    async () => {
      const tags = await ok<ResponseOf<'datasets.tags'>>(core, 'datasets.tags', { id });
      expect(tags.captions).toBe(1);
      expect(tags.tags.map((t) => t.tag).sort()).toEqual(['cat', 'good']);
      onlyEntry(tags.skipped, 'bad.png', hostile.reason);
    },
    quick,
  );

  it(
    'is skipped by datasets.bulk.preview and datasets.bulk.apply, and left as it is',
    async () => {
      const operation = { kind: 'add_tag', tag: 'ohwx' };
      const preview = await ok<ResponseOf<'datasets.bulk.preview'>>(core, 'datasets.bulk.preview', {
        id,
        operation,
      });
      expect(preview.changes.map((c) => c.path)).toEqual(['good.png']);
      onlyEntry(preview.skipped, 'bad.png', hostile.reason);
      // Named on its own, it is skipped the same way rather than failing the request.
      const only = await ok<ResponseOf<'datasets.bulk.preview'>>(core, 'datasets.bulk.preview', {
        id,
        operation,
        paths: ['bad.png'],
      });
      onlyEntry(only.skipped, 'bad.png', hostile.reason);
      const applied = await ok<ResponseOf<'datasets.bulk.apply'>>(core, 'datasets.bulk.apply', {
        id,
        operation,
      });
      expect(applied).toMatchObject({ changed: 1, failed: [] });
      onlyEntry(applied.skipped, 'bad.png', hostile.reason);
      expect(hostile.intact(join(root, 'bad.txt'))).toBe(true);
    },
    quick,
  );

  it(
    'put in place of a caption after a bulk operation, is left alone by the undo and listed',
    async () => {
      const folder = dataset((file) => writeFileSync(file, 'bad, dog'));
      const other = await ok<{ id: string }>(core, 'datasets.register', { path: folder });
      await ok(core, 'datasets.scan', { id: other.id });
      await ok(core, 'datasets.bulk.apply', { id: other.id, operation: { kind: 'add_tag', tag: 'ohwx' } });
      rmSync(join(folder, 'bad.txt'));
      hostile.make(join(folder, 'bad.txt'));
      const undone = await ok<ResponseOf<'datasets.undoBulk'>>(core, 'datasets.undoBulk', { id: other.id });
      expect(undone.restored).toBe(1);
      onlyEntry(undone.conflicts, 'bad.txt', hostile.reason);
      expect(hostile.intact(join(folder, 'bad.txt'))).toBe(true);
    },
    quick,
  );
});

describe('a caption larger than the limit', () => {
  it('is replaced by datasets.caption.set when the user confirms (force)', async () => {
    const root = dataset((file) => writeFileSync(file, 'a'.repeat(maxCaptionBytes + 1)));
    const core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    try {
      const { id } = await ok<{ id: string }>(core, 'datasets.register', { path: root });
      await ok(core, 'datasets.scan', { id });
      const set = await ok<ResponseOf<'datasets.caption.set'>>(core, 'datasets.caption.set', {
        id,
        path: 'bad.png',
        text: 'short now',
        force: true,
      });
      expect(set.text).toBe('short now');
      expect(await ok(core, 'datasets.caption.get', { id, path: 'bad.png' })).toMatchObject({
        text: 'short now',
      });
    } finally {
      core.close();
    }
  });
});
