import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { scanDataset } from './scan-dataset';

const tempDir = useTempDirs();

async function image(
  file: string,
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp',
): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: '#46a' } })
    .toFormat(format)
    .toFile(file);
}

/** A kohya-style dataset with every problem the scan must report. */
async function makeDataset(): Promise<string> {
  const root = tempDir();
  mkdirSync(join(root, '10_cat'));
  mkdirSync(join(root, '3_dog'));
  mkdirSync(join(root, 'notes'));
  await image(join(root, '10_cat', 'a.png'), 64, 48, 'png');
  writeFileSync(join(root, '10_cat', 'a.txt'), 'cat, sofa\n');
  await image(join(root, '10_cat', 'b.jpg'), 30, 40, 'jpeg'); // no caption
  await image(join(root, '10_cat', 'c.webp'), 50, 50, 'webp');
  writeFileSync(join(root, '10_cat', 'c.txt'), ''); // empty caption
  await image(join(root, '10_cat', 'd.png'), 64, 48, 'png');
  writeFileSync(join(root, '10_cat', 'd.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff])); // Latin-1, not UTF-8
  writeFileSync(join(root, '10_cat', 'broken.png'), 'this is not an image');
  writeFileSync(join(root, '10_cat', 'broken.txt'), 'broken');
  await image(join(root, '3_dog', 'e.png'), 20, 10, 'png');
  writeFileSync(join(root, '3_dog', 'e.txt'), 'dog');
  symlinkSync('..', join(root, '3_dog', 'loop')); // a link back up: a loop
  symlinkSync('nowhere.png', join(root, '3_dog', 'dangling.png'));
  return root;
}

describe('scanning a dataset folder', () => {
  it('counts images, repeats, missing, empty and non-UTF-8 captions, corrupt files and a symlink loop, without crashing', async () => {
    const root = await makeDataset();
    const record = scanDataset({ datasetPath: root, captionExtension: '.txt', previous: null, now: 'now' });
    const { counts, subsets, issues, resolutions } = record.summary;
    expect(counts).toMatchObject({
      images: 6, // a, b, c, d, broken, e (the dangling link is reported, not counted)
      captioned: 3, // a, broken's caption exists, e
      missingCaptions: 1, // b
      emptyCaptions: 1,
      nonUtf8Captions: 1,
      corrupt: 1,
    });
    expect(subsets).toEqual([
      { path: '10_cat', repeats: 10, classTokens: 'cat', images: 5, videos: 0 },
      { path: '3_dog', repeats: 3, classTokens: 'dog', images: 1, videos: 0 },
    ]);
    const kinds = (kind: string) => issues.filter((i) => i.kind === kind).map((i) => i.path);
    expect(kinds('symlink_loop')).toEqual(['3_dog/loop']);
    expect(kinds('corrupt')).toEqual(['10_cat/broken.png']);
    expect(kinds('non_utf8_caption')).toEqual(['10_cat/d.png']);
    expect(kinds('empty_caption')).toEqual(['10_cat/c.webp']);
    expect(kinds('broken_link')).toEqual(['3_dog/dangling.png']);
    expect(resolutions).toContainEqual({ width: 64, height: 48, count: 2 });
    expect(record.files.find((f) => f.path === '10_cat/b.jpg')).toMatchObject({ width: 30, height: 40 });
  });

  it('reads again only what changed since the last scan', async () => {
    const root = await makeDataset();
    const first = scanDataset({ datasetPath: root, captionExtension: '.txt', previous: null, now: '1' });
    // Same size and mtime, different content: a cached answer is kept (nothing is read again)…
    await image(join(root, '3_dog', 'e.png'), 20, 10, 'png');
    const stamp = (first.files.find((f) => f.path === '3_dog/e.png')?.mtimeMs ?? 0) / 1000;
    utimesSync(join(root, '3_dog', 'e.png'), stamp, stamp);
    // …while a changed file is read again.
    await image(join(root, '10_cat', 'a.png'), 128, 32, 'png');
    const second = scanDataset({ datasetPath: root, captionExtension: '.txt', previous: first, now: '2' });
    expect(second.files.find((f) => f.path === '10_cat/a.png')).toMatchObject({ width: 128, height: 32 });
    expect(second.files.find((f) => f.path === '3_dog/e.png')).toMatchObject({ width: 20, height: 10 });
  });

  it('warns where EXIF rotation makes the trained image differ from what viewers show', async () => {
    const root = tempDir();
    // Stored 60×20 (what the trainers read), shown 20×60 by viewers that honour EXIF orientation 6.
    await sharp({ create: { width: 60, height: 20, channels: 3, background: '#a00' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(join(root, 'turned.jpg'));
    await image(join(root, 'plain.jpg'), 60, 20, 'jpeg');
    const record = scanDataset({ datasetPath: root, captionExtension: '.txt', previous: null, now: 'now' });
    expect(record.files.find((f) => f.path === 'turned.jpg')).toMatchObject({
      width: 60,
      height: 20,
      orientation: 6,
    });
    expect(record.summary.counts.orientationWarnings).toBe(1);
    expect(record.summary.issues.filter((i) => i.kind === 'exif_orientation').map((i) => i.path)).toEqual([
      'turned.jpg',
    ]);
  });

  it('takes another caption extension when asked', async () => {
    const root = await makeDataset();
    writeFileSync(join(root, '10_cat', 'b.caption'), 'a cat');
    const record = scanDataset({
      datasetPath: root,
      captionExtension: '.caption',
      previous: null,
      now: 'now',
    });
    expect(record.files.find((f) => f.path === '10_cat/b.jpg')?.caption).toBe('ok');
    expect(record.files.find((f) => f.path === '10_cat/a.png')?.caption).toBe('missing');
  });

  it('reports a folder it may not read and goes on (scanned as an unprivileged user)', async () => {
    const root = await makeDataset();
    mkdirSync(join(root, '2_locked'));
    await image(join(root, '2_locked', 'x.png'), 8, 8, 'png');
    chmodSync(join(root, '2_locked'), 0o000);
    chmodSync(root, 0o755);
    const script = `import { scanDataset } from ${JSON.stringify(new URL('./scan-dataset.ts', import.meta.url).href)};
const r = scanDataset({ datasetPath: ${JSON.stringify(root)}, captionExtension: '.txt', previous: null, now: 'n' });
console.log(JSON.stringify(r.summary));`;
    const out = execFileSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8', cwd: process.cwd() },
    );
    const summary = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      issues: { kind: string; path: string }[];
      counts: { images: number };
    };
    expect(summary.issues).toContainEqual(expect.objectContaining({ kind: 'unreadable', path: '2_locked' }));
    expect(summary.counts.images).toBe(6);
  });
});

describe('a scan of a large folder', () => {
  /** `folders` folders of `perFolder` empty images. */
  function wide(folders: number, perFolder: number): string {
    const root = tempDir();
    for (let f = 0; f < folders; f++) {
      mkdirSync(join(root, `f${f}`));
      for (let i = 0; i < perFolder; i++) writeFileSync(join(root, `f${f}`, `${i}.png`), '');
    }
    return root;
  }

  it('warns once it walked past the threshold, as soon as it passes it, and says so in its notes', () => {
    const root = wide(6, 10);
    const progress: { phase: string; entries: number; warning?: string }[] = [];
    const record = scanDataset(
      {
        datasetPath: root,
        captionExtension: '.txt',
        previous: null,
        now: 'n',
        limits: { warnEntries: 25, maxEntries: 1000 },
      },
      (p) => progress.push(p),
    );
    const firstWarned = progress.findIndex((p) => p.warning !== undefined);
    expect(progress[firstWarned]).toMatchObject({ phase: 'listing', entries: 26 });
    expect(progress[firstWarned]?.warning).toMatch(/more than 25 entries.*datasets\.cancelScan/);
    // Every report after it keeps the warning; none before had it.
    expect(progress.slice(firstWarned).every((p) => p.warning === progress[firstWarned]?.warning)).toBe(true);
    expect(record.files).toHaveLength(60);
    expect(record.summary.notes).toContain(progress[firstWarned]?.warning);
  });

  it('stops at its entry limit and says that files are left out', () => {
    const root = wide(10, 10);
    const record = scanDataset({
      datasetPath: root,
      captionExtension: '.txt',
      previous: null,
      now: 'n',
      limits: { warnEntries: 5, maxEntries: 30 },
    });
    // The root (10 folders) and two folders of 10: the walk stops before a fourth folder.
    expect(record.files).toHaveLength(20);
    expect(record.summary.notes.join(' ')).toMatch(/stopped after 30 folder entries.*left out/);
  });

  it('does not follow a link into a system folder', () => {
    const root = tempDir();
    symlinkSync('/', join(root, 'everything'));
    symlinkSync('/proc/self', join(root, 'me'));
    const record = scanDataset({ datasetPath: root, captionExtension: '.txt', previous: null, now: 'n' });
    expect(record.summary.issues.map((i) => [i.path, i.kind])).toEqual([
      ['everything', 'unreadable'],
      ['me', 'unreadable'],
    ]);
    expect(record.summary.issues[0]?.message).toMatch(/leads to \/, which is not followed/);
    expect(record.files).toEqual([]);
  });
});

describe('one folder with more entries than the limit', () => {
  it('is read up to the limit only', () => {
    const root = tempDir();
    for (let i = 0; i < 50; i++) writeFileSync(join(root, `${String(i).padStart(2, '0')}.png`), '');
    const exact = scanDataset({
      datasetPath: root,
      captionExtension: '.txt',
      previous: null,
      now: 'n',
      limits: { warnEntries: 100, maxEntries: 50 },
    });
    expect(exact.files).toHaveLength(50);
    expect(exact.summary.notes).toEqual([]);
    const cut = scanDataset({
      datasetPath: root,
      captionExtension: '.txt',
      previous: null,
      now: 'n',
      limits: { warnEntries: 100, maxEntries: 20 },
    });
    expect(cut.files).toHaveLength(20);
    expect(cut.summary.notes.join(' ')).toMatch(/stopped after 20 folder entries/);
  });
});
