import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { openRegularFile, readUserFile, readUserFileSync, UserFileError } from './read-user-file';

const tempDir = useTempDirs();
const limit = 64 * 1024;

type Reader = (file: string, maxBytes: number) => Promise<Buffer>;
const readers: [string, Reader][] = [
  ['readUserFile', readUserFile],
  ['readUserFileSync', (file, maxBytes) => Promise.resolve().then(() => readUserFileSync(file, maxBytes))],
];

/** What a hostile path can be: each is answered with a UserFileError at once, never a hang or a big read. */
function hostilePaths(dir: string): { name: string; path: string; problem: string; says: RegExp }[] {
  const fifo = join(dir, 'pipe.toml');
  execFileSync('mkfifo', [fifo]); // no one ever opens it for writing
  const zero = join(dir, 'zero.toml');
  symlinkSync('/dev/zero', zero);
  const pagemap = join(dir, 'pagemap.toml');
  symlinkSync('/proc/self/pagemap', pagemap);
  const folder = join(dir, 'folder.toml');
  mkdirSync(folder);
  const fifoLink = join(dir, 'pipe-link.toml');
  symlinkSync(fifo, fifoLink);
  return [
    { name: 'a FIFO without a writer', path: fifo, problem: 'not-a-file', says: /named pipe \(FIFO\)/ },
    { name: 'a link to a FIFO', path: fifoLink, problem: 'not-a-file', says: /named pipe \(FIFO\)/ },
    { name: 'a link to /dev/zero', path: zero, problem: 'not-a-file', says: /a device/ },
    { name: 'a link to /proc/self/pagemap', path: pagemap, problem: 'too-large', says: /larger than 64 KiB/ },
    { name: '/proc/self/pagemap itself', path: '/proc/self/pagemap', problem: 'too-large', says: /larger/ },
    { name: 'a folder', path: folder, problem: 'not-a-file', says: /a folder/ },
  ];
}

describe.each(readers)('%s', (_name, read) => {
  it('reads a regular file, and a link to one', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.toml');
    writeFileSync(file, 'a = "é"\n');
    symlinkSync(file, join(dir, 'link.toml'));
    expect((await read(file, limit)).toString('utf8')).toBe('a = "é"\n');
    expect((await read(join(dir, 'link.toml'), limit)).toString('utf8')).toBe('a = "é"\n');
    writeFileSync(join(dir, 'empty'), '');
    expect((await read(join(dir, 'empty'), limit)).length).toBe(0);
  });

  it('reads a file of exactly the limit, and refuses one byte more as too large', async () => {
    const dir = tempDir();
    for (const size of [limit, 3 * 64 * 1024 + 17]) {
      const exact = join(dir, `exact-${size}`);
      writeFileSync(exact, Buffer.alloc(size, 0x61));
      expect((await read(exact, size)).length).toBe(size);
      const over = join(dir, `over-${size}`);
      writeFileSync(over, Buffer.alloc(size + 1, 0x61));
      const error = await read(over, size).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFileError);
      expect(error).toMatchObject({ problem: 'too-large', file: over, limitBytes: size });
    }
  });

  it('reads a file of several read chunks whole, in order', async () => {
    const file = join(tempDir(), 'big');
    const content = Buffer.alloc(4 * 1024 * 1024 + 100);
    for (let i = 0; i < content.length; i += 4) content.writeUInt32LE(i, i);
    writeFileSync(file, content);
    expect((await read(file, 8 * 1024 * 1024)).equals(content)).toBe(true);
  });

  it.each([0, 1, 100, limit - 1, limit, limit + 1, 5 * limit])(
    'reads a file of %i bytes with a limit of 64 KiB as a whole or not at all',
    async (size) => {
      const file = join(tempDir(), 'f');
      writeFileSync(file, Buffer.alloc(size, 0x62));
      if (size <= limit) expect((await read(file, limit)).equals(Buffer.alloc(size, 0x62))).toBe(true);
      else await expect(read(file, limit)).rejects.toMatchObject({ problem: 'too-large' });
    },
  );

  it('answers a FIFO, a device, an endless procfs file and a folder at once with the reason', async () => {
    for (const hostile of hostilePaths(tempDir())) {
      const error = await read(hostile.path, limit).catch((e: unknown) => e);
      expect(error, hostile.name).toBeInstanceOf(UserFileError);
      expect(error, hostile.name).toMatchObject({ problem: hostile.problem, file: hostile.path });
      expect((error as Error).message, hostile.name).toMatch(hostile.says);
    }
  });

  it('passes on a missing file as the file system said it (ENOENT)', async () => {
    await expect(read(join(tempDir(), 'missing'), limit)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('openRegularFile', () => {
  it('open a regular file and refuse everything else without blocking', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'x');
    const { handle, stats } = await openRegularFile(file);
    expect(stats.size).toBe(1);
    await handle.close();
    for (const hostile of hostilePaths(dir)) {
      if (hostile.problem === 'too-large') continue; // procfs files are regular files of size 0
      await expect(openRegularFile(hostile.path), hostile.name).rejects.toBeInstanceOf(UserFileError);
    }
  });
});
