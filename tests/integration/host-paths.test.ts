/**
 * Choosing paths on the host, through HTTP as a client does: host.listFolder (a picker: names, kinds,
 * sizes, times; refused where the host cannot or may not read), host.findPython, and the desktop-only
 * channels that `dpgui serve` does not offer (app.info says so).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdtempSync,
  rmSync,
  mkdirSync,
  openSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AppInfo, FolderListing, FoundPython, RequestName } from '../../src/shared/contract';
import { useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { startHost as serveFromSource, useSupervisorHosts, ok } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const startHost = useInProcessHosts();
const tempDir = useTempDirs();
useSupervisorHosts();

afterEach(() => {
  vi.unstubAllEnvs();
});

type Host = { port: number; token: string };

async function refused(
  host: Host,
  channel: RequestName,
  payload: unknown,
): Promise<{ status: number; message: string; code: string }> {
  const { status, body } = await postChannel(host, channel, payload);
  const error = body as { code: string; message: string };
  return { status, message: error.message, code: error.code };
}

/** A home with a bit of everything a picker meets. */
function makeHome(): string {
  const home = tempDir();
  mkdirSync(join(home, 'models'));
  mkdirSync(join(home, 'datasets'));
  mkdirSync(join(home, '.cache'));
  writeFileSync(join(home, 'models', 'flux.safetensors'), Buffer.alloc(1234));
  writeFileSync(join(home, 'models', 'notes.txt'), 'x');
  writeFileSync(join(home, 'models', 'sdxl.SAFETENSORS'), 'y');
  writeFileSync(join(home, 'train.toml'), 'a = 1\n');
  writeFileSync(join(home, '.bashrc'), '');
  utimesSync(join(home, 'train.toml'), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
  symlinkSync(join(home, 'models'), join(home, 'models-link'));
  symlinkSync(join(home, 'nowhere'), join(home, 'dangling'));
  symlinkSync('/proc/self', join(home, 'proc-link'));
  return home;
}

describe('host.listFolder', () => {
  it("lists the user's home when no path is given: folders first, sizes and times, hidden names left out", async () => {
    const home = makeHome();
    vi.stubEnv('HOME', home);
    const host = await startHost();
    const listing = await ok<FolderListing>(host, 'host.listFolder', {});
    expect(listing).toMatchObject({ path: home, home, truncated: false });
    expect(listing.parent).toBe(join(home, '..'));
    // Links count as what they lead to; one leading nowhere, or into /proc, is not offered.
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['datasets', 'folder'],
      ['models', 'folder'],
      ['models-link', 'folder'],
      ['train.toml', 'file'],
    ]);
    expect(listing.entries.at(-1)).toEqual({
      name: 'train.toml',
      path: join(home, 'train.toml'),
      kind: 'file',
      size: 6,
      modifiedAt: '2026-01-02T03:04:05.000Z',
      hidden: false,
    });
    expect(listing.entries[0]).toMatchObject({ kind: 'folder', size: null });
  });

  it("lists a file's folder, filtered by kind and extension, hidden names when asked", async () => {
    const home = makeHome();
    const host = await startHost();
    const models = await ok<FolderListing>(host, 'host.listFolder', {
      path: join(home, 'models', 'notes.txt'),
      filter: { extensions: ['safetensors'] },
    });
    expect(models.path).toBe(join(home, 'models'));
    expect(models.entries.map((e) => `${e.name}:${e.size}`)).toEqual([
      'flux.safetensors:1234',
      'sdxl.SAFETENSORS:1',
    ]);
    const folders = await ok<FolderListing>(host, 'host.listFolder', {
      path: home,
      filter: { kinds: ['folder'], showHidden: true },
    });
    expect(folders.entries.map((e) => [e.name, e.hidden])).toEqual([
      ['.cache', true],
      ['datasets', false],
      ['models', false],
      ['models-link', false],
    ]);
  });

  it('refuses a missing folder, a relative path and the virtual trees with a sentence naming them', async () => {
    const home = makeHome();
    const host = await startHost();
    const missing = join(home, 'gone', 'deeper');
    expect(await refused(host, 'host.listFolder', { path: missing })).toEqual({
      status: 404,
      code: 'not_found',
      message: `The folder "${missing}" does not exist on the host. Check the path, or choose a folder from its parent.`,
    });
    expect(await refused(host, 'host.listFolder', { path: 'models' })).toMatchObject({
      status: 400,
      message: '"models" is not an absolute path; name the full path on the host.',
    });
    const proc = await refused(host, 'host.listFolder', { path: '/proc/self' });
    expect(proc).toMatchObject({ status: 403, code: 'forbidden' });
    expect(proc.message).toMatch(/^\/proc\/self .*is not listed: \/proc is a virtual folder of the system/);
    const link = await refused(host, 'host.listFolder', { path: join(home, 'proc-link') });
    expect(link.message).toContain(`${join(home, 'proc-link')} (it leads to /proc/`);
    // The root lists, without the virtual trees in it.
    const root = await ok<FolderListing>(host, 'host.listFolder', {
      path: '/',
      filter: { kinds: ['folder'] },
    });
    expect(root.parent).toBeNull();
    expect(root.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['tmp', 'usr']));
    expect(root.entries.map((e) => e.name)).not.toEqual(expect.arrayContaining(['proc']));
    expect(root.entries.map((e) => e.name)).not.toContain('sys');
  });

  it('answers a folder of 100,000 files with the first entries in order and a truncated flag', async () => {
    // On a RAM disk where there is one: making and removing 100,000 files is the slow part here.
    const big = ramDiskFolder() ?? tempDir();
    onTestFinished(() => rmSync(big, { recursive: true, force: true }));
    mkdirSync(join(big, 'sub'));
    for (let i = 0; i < 100_000; i++) closeSync(openSync(join(big, `img${i}.png`), 'w'));
    const host = await startHost();
    const listing = await ok<FolderListing>(host, 'host.listFolder', { path: big });
    expect(listing.truncated).toBe(true);
    expect(listing.entries).toHaveLength(2000);
    expect(listing.entries.slice(0, 4).map((e) => e.name)).toEqual([
      'sub',
      'img0.png',
      'img1.png',
      'img2.png',
    ]);
    const few = await ok<FolderListing>(host, 'host.listFolder', {
      path: big,
      limit: 3,
      filter: { kinds: ['folder'] },
    });
    expect(few).toMatchObject({ truncated: false, entries: [{ name: 'sub' }] });
  }, 180_000);

  const canDropPrivileges =
    process.getuid?.() === 0 && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!canDropPrivileges)(
    'refuses a folder the user the host runs as cannot read, naming it (host run as nobody)',
    async () => {
      const root = tempDir();
      chmodSync(root, 0o755);
      const dataDir = join(root, 'data');
      const home = join(root, 'home');
      const locked = join(root, 'locked');
      const open = join(root, 'open');
      for (const dir of [dataDir, home, locked, open]) mkdirSync(dir);
      for (const dir of [dataDir, home]) chownSync(dir, 65534, 65534);
      chmodSync(locked, 0o700);
      chmodSync(open, 0o755);
      writeFileSync(join(locked, 'secret.safetensors'), 'x');
      writeFileSync(join(open, 'model.safetensors'), 'x');
      const host = await serveFromSource(dataDir, { HOME: home }, { runAs: 'nobody' });
      const answer = await refused(host, 'host.listFolder', { path: locked });
      expect(answer).toMatchObject({ status: 403, code: 'forbidden' });
      expect(answer.message).toBe(
        `The folder "${locked}" cannot be read: the user nobody, whom DPGui runs as, has no permission to list it. Choose another folder, or give that user read access.`,
      );
      // What that user can read lists (as root the locked one would too, and this would prove nothing).
      const listing = await ok<FolderListing>(host, 'host.listFolder', { path: open });
      expect(listing.entries.map((e) => e.name)).toEqual(['model.safetensors']);
    },
    60_000,
  );
});

describe('host.findPython', () => {
  function venv(at: string, marker = true): string {
    mkdirSync(join(at, 'bin'), { recursive: true });
    writeFileSync(join(at, 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
    if (marker) writeFileSync(join(at, 'pyvenv.cfg'), 'home = /usr/bin\n');
    return join(at, 'bin', 'python');
  }

  it("answers a venv's python from the venv folder, from an install folder holding venv or .venv, or from itself", async () => {
    const root = tempDir();
    const host = await startHost();
    const direct = venv(join(root, 'env'));
    expect(await ok<FoundPython>(host, 'host.findPython', { path: join(root, 'env') })).toEqual({
      python: direct,
      venv: join(root, 'env'),
    });
    const sdScripts = venv(join(root, 'sd-scripts', 'venv'));
    expect(await ok<FoundPython>(host, 'host.findPython', { path: join(root, 'sd-scripts') })).toEqual({
      python: sdScripts,
      venv: join(root, 'sd-scripts', 'venv'),
    });
    const pipe = venv(join(root, 'diffusion-pipe', '.venv'));
    expect(
      (await ok<FoundPython>(host, 'host.findPython', { path: join(root, 'diffusion-pipe') })).python,
    ).toBe(pipe);
    expect(await ok<FoundPython>(host, 'host.findPython', { path: sdScripts })).toEqual({
      python: sdScripts,
      venv: join(root, 'sd-scripts', 'venv'),
    });
    // A python outside any venv is answered as itself, with no venv.
    const plain = venv(join(root, 'opt'), false);
    expect(await ok<FoundPython>(host, 'host.findPython', { path: plain })).toEqual({
      python: plain,
      venv: null,
    });
  });

  it('says where it looked when a folder holds no python, and refuses a file that is not one', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'train.py'), '');
    const host = await startHost();
    const none = await refused(host, 'host.findPython', { path: root });
    expect(none).toMatchObject({ status: 404, code: 'not_found' });
    expect(none.message).toBe(
      `No python was found in "${root}": DPGui looked for bin/python and bin/python3 in it and in its venv and .venv folders. Choose the venv folder (the one holding pyvenv.cfg), or the python file itself.`,
    );
    expect(await refused(host, 'host.findPython', { path: join(root, 'train.py') })).toMatchObject({
      status: 400,
      message: `"${join(root, 'train.py')}" is not a python interpreter DPGui can run. Choose a venv folder, or its bin/python.`,
    });
    expect(await refused(host, 'host.findPython', { path: join(root, 'gone') })).toMatchObject({
      status: 404,
    });
  });
});

describe('the desktop channels on `dpgui serve`', () => {
  it('are answered "not offered by this host", as app.info capabilities say', async () => {
    const host = await startHost();
    const info = await ok<AppInfo>(host, 'app.info', {});
    expect(info.capabilities).toMatchObject({ nativeDialogs: false, openFolder: false, typedPaths: true });
    for (const [channel, payload] of [
      ['host.openFileDialog', {}],
      ['host.openFolderDialog', {}],
      ['host.showInFolder', { path: '/tmp' }],
    ] as const) {
      const answer = await refused(host, channel, payload);
      expect(answer).toMatchObject({ status: 404, code: 'not_found' });
      expect(answer.message).toMatch(
        new RegExp(
          `^${channel.replace('.', '\\.')} is not offered by this host \\(\`dpgui serve\` has no desktop`,
        ),
      );
    }
  });
});

function ramDiskFolder(): string | null {
  try {
    return mkdtempSync('/dev/shm/dpgui-test-');
  } catch {
    return null;
  }
}
