/**
 * The engine schema cache: one read per install and engine while the interpreter and the engine's
 * files are unchanged, a new read when either changes, one shared read for requests that arrive
 * together, failures not kept; and a hanging engine ends at the time limit, as a state.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { createEngineSchemaCache, type GenericInstall } from './engine-schema-cache';
import type { EngineSchemaAnswer, ReadEngineSchemaOptions } from './read-engine-schema';

const tempDir = useTempDirs();
const bridgeDir = join(process.cwd(), 'python-bridge');

function setup() {
  const dir = tempDir();
  const python = join(dir, 'python');
  const engineFile = join(dir, 'config.py');
  writeFileSync(python, 'interpreter');
  writeFileSync(engineFile, 'class TrainConfig: ...\n');
  const reads: ReadEngineSchemaOptions[] = [];
  let answer: EngineSchemaAnswer = {
    ok: true,
    schema: { type: 'object', properties: {}, 'x-dpgui': { source: 'e:C', files: [engineFile] } },
  };
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const cache = createEngineSchemaCache({
    bridgeDir: () => bridgeDir,
    read: async (options) => {
      reads.push(options);
      if (gate) await gate;
      return answer;
    },
  });
  const install: GenericInstall = { python, folder: dir, configClass: 'e:C' };
  return {
    cache,
    install,
    python,
    engineFile,
    reads,
    answerWith: (next: EngineSchemaAnswer) => {
      answer = next;
    },
    hold: () => {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => {
      gate = null;
      release();
    },
  };
}

describe('the engine schema cache', () => {
  it('reads once while the interpreter and the engine file are unchanged, again when either changes', async () => {
    const t = setup();
    const first = await t.cache.lookup(t.install);
    // The files the bridge named are the cache's business, not the snapshot's.
    expect(first).toEqual({
      state: 'read',
      schema: { type: 'object', properties: {}, 'x-dpgui': { source: 'e:C' } },
    });
    await t.cache.lookup(t.install);
    expect(t.reads).toHaveLength(1);
    expect(t.reads[0]).toMatchObject({
      python: t.python,
      engineDir: t.install.folder,
      target: 'e:C',
      bridgeDir,
    });

    appendFileSync(t.engineFile, 'more = 1\n');
    await t.cache.lookup(t.install);
    expect(t.reads).toHaveLength(2);
    await t.cache.lookup(t.install);
    expect(t.reads).toHaveLength(2);

    appendFileSync(t.python, ' upgraded');
    await t.cache.lookup(t.install);
    expect(t.reads).toHaveLength(3);

    // Another class of the same install is another entry.
    await t.cache.lookup({ ...t.install, configClass: 'e:Other' });
    expect(t.reads).toHaveLength(4);
  });

  it('shares one read among requests that arrive together', async () => {
    const t = setup();
    t.hold();
    const both = Promise.all([t.cache.lookup(t.install), t.cache.lookup(t.install)]);
    await expect.poll(() => t.reads.length).toBe(1);
    t.release();
    const [a, b] = await both;
    expect(a).toEqual(b);
    expect(t.reads).toHaveLength(1);
  });

  it('keeps no failure: the fixed engine is read on the next request', async () => {
    const t = setup();
    t.answerWith({ ok: false, code: 'import_failed', message: 'importing e failed: SyntaxError' });
    expect(await t.cache.lookup(t.install)).toEqual({
      state: 'failed',
      message: 'importing e failed: SyntaxError',
    });
    t.answerWith({ ok: true, schema: { type: 'object', properties: {} } });
    expect(await t.cache.lookup(t.install)).toMatchObject({ state: 'read' });
    expect(t.reads).toHaveLength(2);
  });

  it('asks nothing when the install names no config class', async () => {
    const t = setup();
    expect(await t.cache.lookup({ ...t.install, configClass: ' ' })).toEqual({ state: 'none' });
    expect(t.reads).toHaveLength(0);
  });

  it('ends an engine that hangs on import at the time limit, as a state with a sentence', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'stuck'));
    writeFileSync(join(dir, 'stuck', '__init__.py'), '');
    // Blocks on a pipe nobody writes: a hang without a sleep, ended only by the limit.
    writeFileSync(join(dir, 'stuck', 'config.py'), 'import os\nr, w = os.pipe()\nos.read(r, 1)\n');
    const cache = createEngineSchemaCache({ bridgeDir: () => bridgeDir, timeoutMs: 1000 });
    const python = process.env.DPGUI_TEST_PYTHON ?? 'python3';
    const answer = await cache.lookup({ python, folder: dir, configClass: 'stuck.config:C' });
    expect(answer).toEqual({
      state: 'failed',
      message: 'python-bridge did not answer within 1 s (importing stuck.config hangs or is slow)',
    });
  });

  it('says so when python-bridge is not there', async () => {
    const cache = createEngineSchemaCache({ bridgeDir: () => null });
    const install = { python: 'python3', folder: '', configClass: 'e:C' } satisfies GenericInstall;
    expect(await cache.lookup(install)).toEqual({
      state: 'failed',
      message: 'python-bridge, which reads it, was not found beside the app.',
    });
  });
});
