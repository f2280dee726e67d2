// datasets.register through the dispatcher: what it refuses (relative paths, system folders, a missing
// folder, a file) with a sentence that names the folder and what to do, and a full disk as io_error.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../app-core';

// A full disk, for datasets.json only: the registry's one write goes through writeFileAtomic.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('../fs/write-file-atomic', async (importOriginal) => {
  const real = await importOriginal<typeof import('../fs/write-file-atomic')>();
  return {
    ...real,
    writeFileAtomic: (file: string, content: string) => {
      if (disk.full && basename(file) === 'datasets.json') {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      real.writeFileAtomic(file, content);
    },
  };
});

const tempDir = useTempDirs();
let core: AppCore | null = null;
afterEach(() => {
  disk.full = false;
  core?.close();
  core = null;
});

function startCore(dataDir = tempDir()): AppCore {
  core = createAppCore({ dataDir, host: 'headless', checkResponses: true });
  return core;
}

async function refusal(c: AppCore, path: string) {
  const result = await c.dispatch('datasets.register', { path });
  if (result.ok) throw new Error(`${path} was registered`);
  return result.error;
}

describe('datasets.register refuses', () => {
  it.each(['data', './data', '../data', 'home/me/data', '~/data'])(
    'the relative path %s, without showing the host’s own folder',
    async (path) => {
      const c = startCore();
      const error = await refusal(c, path);
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toBe(`"${path}" is not an absolute path; name the full path on the host.`);
      expect(error.message).not.toContain(process.cwd());
      expect(error.details).toEqual([{ path: 'path', message: 'must be an absolute path' }]);
    },
  );

  it.each([
    ['/', '/'],
    ['/proc', '/proc'],
    ['/proc/self', '/proc'],
    ['/sys', '/sys'],
    ['/dev', '/dev'],
    ['/usr', '/usr'],
    ['/etc', '/etc'],
    ['/var', '/var'],
    ['/home', '/home'],
    [homedir(), homedir()],
  ])('the system folder %s, naming it and what to do', async (path, named) => {
    const c = startCore();
    const error = await refusal(c, path);
    expect(error.code).toBe('invalid_payload');
    expect(error.message).toContain(named);
    expect(error.message).toContain('Register the folder that holds your images and captions instead');
    expect(await c.dispatch('datasets.list', {})).toEqual({ ok: true, value: { datasets: [] } });
  });

  it('a link to a system folder, naming both', async () => {
    const link = join(tempDir(), 'everything');
    symlinkSync('/', link);
    const error = await refusal(startCore(), link);
    expect(error.code).toBe('invalid_payload');
    expect(error.message).toContain(`${link} (it leads to /) cannot be a dataset`);
  });

  it('a folder that is not there (404) and a file (400), naming them', async () => {
    const c = startCore();
    const missing = join(tempDir(), 'gone');
    expect(await refusal(c, missing)).toMatchObject({
      code: 'not_found',
      message: `Cannot register "${missing}": the file or folder does not exist (ENOENT).`,
    });
    const file = join(tempDir(), 'a.txt');
    writeFileSync(file, 'x');
    expect(await refusal(c, file)).toMatchObject({
      code: 'invalid_payload',
      message: `Cannot register "${file}": it is not a folder.`,
    });
  });
});

describe('datasets.register accepts', () => {
  it('a folder inside a home-like tree and inside /tmp', async () => {
    const c = startCore();
    const folder = join(tempDir(), 'home', 'me', 'data');
    mkdirSync(folder, { recursive: true });
    const result = await c.dispatch('datasets.register', { path: folder });
    expect(result).toMatchObject({ ok: true, value: { name: 'data' } });
  });
});

describe('a full disk', () => {
  it('answers io_error saying the disk is full, and remembers nothing', async () => {
    const dataDir = tempDir();
    const c = startCore(dataDir);
    const kept = tempDir();
    await c.dispatch('datasets.register', { path: kept });
    const folder = tempDir();
    disk.full = true;
    const error = await refusal(c, folder);
    expect(error).toEqual({
      code: 'io_error',
      message: `Cannot remember the dataset folder ${folder}: the disk is full (ENOSPC). Nothing was changed.`,
      details: [],
    });
    const listed = await c.dispatch('datasets.list', {});
    expect(
      listed.ok && (listed.value as { datasets: { path: string }[] }).datasets.map((d) => d.path),
    ).toEqual([kept]);
    // Removing while the disk is full is refused the same way, and the dataset stays.
    const { datasets } = JSON.parse(readFileSync(join(dataDir, 'datasets.json'), 'utf8')) as {
      datasets: { id: string }[];
    };
    const id = datasets[0]?.id ?? '';
    const removing = await c.dispatch('datasets.remove', { id });
    expect(!removing.ok && removing.error.code).toBe('io_error');
    expect(!removing.ok && removing.error.message).toMatch(/the disk is full \(ENOSPC\)/);
    // The scan's change of caption extension is written to datasets.json too.
    const scanning = await c.dispatch('datasets.scan', { id, captionExtension: '.caption' });
    expect(!scanning.ok && scanning.error.code).toBe('io_error');
    expect(!scanning.ok && scanning.error.message).toMatch(/the disk is full/);
    disk.full = false;
    expect(await c.dispatch('datasets.remove', { id })).toEqual({ ok: true, value: { removed: true } });
  });
});
