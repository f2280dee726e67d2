/**
 * configs.import and presets.import of files no config can be, through the core's dispatcher: each is
 * answered at once with a 4xx naming the file and the problem — never a hang (a FIFO no one writes), never
 * an endless read (/proc/self/pagemap says size 0), never a 500. The presets folder is read with the same
 * bound: a FIFO or a link to /dev/zero placed there is skipped, not waited on.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/wire';
import { trainerKinds } from '../../../shared/trainers/common';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../app-core';
import { maxImportBytes, maxImportTotalBytes } from './configs-handlers';

const tempDir = useTempDirs();
const opened: AppCore[] = [];
afterEach(() => {
  for (const app of opened.splice(0)) app.close();
});

function core(dataDir = tempDir()): AppCore {
  const app = createAppCore({ dataDir, host: 'headless', checkResponses: true });
  opened.push(app);
  return app;
}

interface Hostile {
  name: string;
  path: string;
  says: RegExp;
}

/** Files that are no config, made fresh in `dir` (the FIFO is never opened for writing by anyone). */
function hostileFiles(dir: string): Hostile[] {
  const fifo = join(dir, 'pipe.toml');
  execFileSync('mkfifo', [fifo]);
  symlinkSync(fifo, join(dir, 'pipe-link.yaml'));
  symlinkSync('/dev/zero', join(dir, 'zero.toml'));
  symlinkSync('/proc/self/pagemap', join(dir, 'pagemap.toml'));
  mkdirSync(join(dir, 'folder.toml'));
  writeFileSync(join(dir, 'huge.toml'), Buffer.alloc(maxImportBytes + 1, 0x23)); // "#" lines: valid TOML
  return [
    { name: 'a FIFO no one writes', path: fifo, says: /named pipe \(FIFO\), not a regular file/ },
    { name: 'a link to a FIFO', path: join(dir, 'pipe-link.yaml'), says: /named pipe \(FIFO\)/ },
    { name: 'a link to /dev/zero', path: join(dir, 'zero.toml'), says: /it is a device, not a regular file/ },
    { name: 'a link to /proc/self/pagemap', path: join(dir, 'pagemap.toml'), says: /larger than 4 MiB/ },
    { name: '/proc/self/pagemap', path: '/proc/self/pagemap', says: /larger than 4 MiB/ },
    { name: 'a folder', path: join(dir, 'folder.toml'), says: /it is a folder, not a regular file/ },
    { name: 'a file one byte over 4 MiB', path: join(dir, 'huge.toml'), says: /larger than 4 MiB/ },
  ];
}

function expectRefusal(result: Result<unknown>, hostile: Hostile, field: string): void {
  expect(result, hostile.name).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  if (result.ok) return;
  expect(result.error.message, hostile.name).toContain(`"${hostile.path}"`);
  expect(result.error.message, hostile.name).toMatch(hostile.says);
  expect(result.error.details, hostile.name).toEqual([
    { path: field, message: expect.any(String) as string },
  ]);
}

describe('importing a file that is no config', () => {
  it.each(trainerKinds)(
    'configs.import (%s) answers each at once with the file and the reason',
    async (trainer) => {
      const app = core();
      const dir = tempDir();
      for (const hostile of hostileFiles(dir)) {
        expectRefusal(
          await app.dispatch('configs.import', { trainer, paths: [hostile.path] }),
          hostile,
          'paths.0',
        );
      }
      // A good file first does not change the answer, and the field names the bad one.
      const good = join(dir, 'good.toml');
      writeFileSync(good, 'a = 1\n');
      const [fifo] = hostileFiles(tempDir());
      if (!fifo) throw new Error('no FIFO');
      expectRefusal(
        await app.dispatch('configs.import', { trainer, paths: [good, fifo.path] }),
        fifo,
        'paths.1',
      );
    },
  );

  it('presets.import answers each at once with the file and the reason', async () => {
    const app = core();
    for (const hostile of hostileFiles(tempDir())) {
      expectRefusal(await app.dispatch('presets.import', { path: hostile.path }), hostile, 'path');
    }
  });

  it('refuses uploads over the file limit and imports over the total limit, naming the file', async () => {
    const app = core();
    const big = 'a'.repeat(maxImportBytes + 1);
    expect(
      await app.dispatch('configs.import', {
        trainer: 'generic',
        files: [{ name: 'big.yaml', content: big }],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: expect.stringMatching(/"big.yaml".*larger than 4 MiB/) as string,
      },
    });
    expect(await app.dispatch('presets.import', { content: big })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'content' }] },
    });
    // Each file under the limit, all of them together over the total: the read stops at the one too many.
    const dir = tempDir();
    const count = Math.floor(maxImportTotalBytes / maxImportBytes) + 1;
    const paths = Array.from({ length: count }, (_, i) => {
      const file = join(dir, `part-${i}.toml`);
      writeFileSync(file, Buffer.alloc(maxImportBytes, 0x23));
      return file;
    });
    expect(await app.dispatch('configs.import', { trainer: 'sd-scripts', paths })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: expect.stringMatching(/together may be at most 16 MiB/) as string,
        details: [{ path: `paths.${count - 1}` }],
      },
    });
  });
});

describe('the presets folder holding files DPGui did not write', () => {
  it('lists and gets the good presets and skips a FIFO, a device, procfs, a folder and a huge file', async () => {
    const dataDir = tempDir();
    const presets = join(dataDir, 'presets');
    mkdirSync(presets, { recursive: true });
    let app = core(dataDir);
    const builtIn = (await app.dispatch('presets.get', { id: 'builtin:sd-scripts-sdxl-lora' })) as {
      ok: true;
      value: { config: unknown };
    };
    expect(await app.dispatch('presets.save', { name: 'Good', config: builtIn.value.config })).toMatchObject({
      ok: true,
    });
    app.close();
    execFileSync('mkfifo', [join(presets, 'pipe.json')]);
    symlinkSync('/dev/zero', join(presets, 'zero.json'));
    symlinkSync('/proc/self/pagemap', join(presets, 'pagemap.json'));
    mkdirSync(join(presets, 'folder.json'));
    writeFileSync(join(presets, 'huge.json'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(readdirSync(presets)).toHaveLength(6);

    app = core(dataDir);
    const listed = await app.dispatch('presets.list', {});
    expect(
      listed.ok && (listed.value as { id: string; builtIn: boolean }[]).filter((p) => !p.builtIn),
    ).toEqual([expect.objectContaining({ id: 'good', name: 'Good' })]);
    for (const id of ['pipe', 'zero', 'pagemap', 'folder', 'huge']) {
      expect(await app.dispatch('presets.get', { id }), id).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await app.dispatch('presets.delete', { id }), id).toMatchObject({
        ok: true,
        value: { deleted: false },
      });
      expect(
        await app.dispatch('presets.save', { id, name: 'x', config: builtIn.value.config }),
        id,
      ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    // A new preset named like the FIFO gets a free name instead of writing through the FIFO.
    const saved = await app.dispatch('presets.save', { name: 'pipe', config: builtIn.value.config });
    expect(saved).toMatchObject({ ok: true, value: { id: 'pipe-2' } });
  });
});
