// The editor's drafts through the headless host's HTTP API: a saved draft is read back by a host
// started again on the same data folder, discarded once, and bad input is answered 4xx.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import { fileRoutes } from '../../src/main/hosts/headless/file-route';
import { headlessCapabilities } from '../../src/main/hosts/headless/headless-capabilities';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import { postChannel } from '../support/post-channel';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const token = 'drafts-test-token';
const running: { core: AppCore; server: HeadlessServer }[] = [];

async function stop(host: { core: AppCore; server: HeadlessServer }): Promise<void> {
  const at = running.indexOf(host);
  if (at >= 0) running.splice(at, 1);
  await host.server.close();
  host.core.close();
}

afterEach(async () => {
  for (const host of running.splice(0)) {
    await host.server.close();
    host.core.close();
  }
});

/** A host on `root`'s data folder (the same folder for a restart). */
async function startOn(root: string) {
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
  const core = createAppCore({
    dataDir: join(root, 'data'),
    host: 'headless',
    capabilities: headlessCapabilities,
    checkResponses: true,
    supervise: false,
  });
  const server = await startHeadlessServer({
    core,
    token,
    host: '127.0.0.1',
    port: 0,
    staticDir,
    routes: [fileRoutes(core.files, token)],
  });
  const host = { core, server, port: server.port, token };
  running.push(host);
  return host;
}

const config = {
  trainer: 'sd-scripts',
  family: 'sdxl',
  values: { network_dim: 48, learning_rate: 0.0002, subsets: [{ image_dir: '/data/cats', num_repeats: 3 }] },
  passThrough: { 'config.d_coef': 2 },
};

describe('drafts over HTTP', () => {
  it('keeps a draft across a host restart on the same data folder, then discards it', async () => {
    const root = tempDir();
    const first = await startOn(root);
    expect((await postChannel(first, 'drafts.get', { slot: 'new' })).body).toEqual({ draft: null });

    const origin = { kind: 'job', jobId: 'abc123', name: 'cats v2', mode: 'edit' };
    const saved = await postChannel(first, 'drafts.save', { slot: 'job:abc123', config, origin });
    expect(saved.status).toBe(200);
    const { savedAt } = saved.body as { savedAt: string };
    await stop(first);

    const second = await startOn(root);
    const read = await postChannel(second, 'drafts.get', { slot: 'job:abc123' });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ draft: { slot: 'job:abc123', config, origin, savedAt } });
    expect((await postChannel(second, 'drafts.list', {})).body).toEqual([
      { slot: 'job:abc123', origin, savedAt },
    ]);

    expect((await postChannel(second, 'drafts.discard', { slot: 'job:abc123' })).body).toEqual({
      discarded: true,
    });
    expect((await postChannel(second, 'drafts.discard', { slot: 'job:abc123' })).body).toEqual({
      discarded: false,
    });
    expect((await postChannel(second, 'drafts.get', { slot: 'job:abc123' })).body).toEqual({ draft: null });
    // No temporary file of the atomic write is left behind.
    expect(readdirSync(join(root, 'data', 'drafts'))).toEqual([]);
  });

  it('a later save replaces the slot; slots are kept apart', async () => {
    const host = await startOn(tempDir());
    await postChannel(host, 'drafts.save', { slot: 'new', config, origin: { kind: 'new' } });
    const changed = { ...config, values: { ...config.values, network_dim: 64 } };
    await postChannel(host, 'drafts.save', { slot: 'new', config: changed, origin: { kind: 'new' } });
    const read = (await postChannel(host, 'drafts.get', { slot: 'new' })).body as {
      draft: { config: unknown };
    };
    expect(read.draft.config).toEqual(changed);
    expect((await postChannel(host, 'drafts.get', { slot: 'job:other' })).body).toEqual({ draft: null });
  });

  it('a damaged or foreign draft file is no draft (200 with null, never 500)', async () => {
    const root = tempDir();
    const host = await startOn(root);
    const dir = join(root, 'data', 'drafts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'new.json'), '{"format": "dpgui-draft", "config": ');
    expect(await postChannel(host, 'drafts.get', { slot: 'new' })).toEqual({
      status: 200,
      body: { draft: null },
    });
    writeFileSync(
      join(dir, 'job-x1.json'),
      JSON.stringify({ format: 'dpgui-draft', origin: { kind: 'elsewhere' }, config }),
    );
    expect((await postChannel(host, 'drafts.get', { slot: 'job:x1' })).body).toEqual({ draft: null });
    expect((await postChannel(host, 'drafts.list', {})).body).toEqual([]);
  });

  it('answers bad input with 4xx and a sentence, never 500', async () => {
    const host = await startOn(tempDir());
    const cases: [string, unknown][] = [
      ['drafts.get', { slot: '../../etc/passwd' }],
      ['drafts.get', {}],
      ['drafts.save', { slot: 'job:a/b', config, origin: { kind: 'new' } }],
      [
        'drafts.save',
        { slot: 'new', config: { trainer: 'nope', family: 'x', values: {} }, origin: { kind: 'new' } },
      ],
      ['drafts.save', { slot: 'new', config, origin: { kind: 'elsewhere' } }],
      ['drafts.discard', { slot: 'job:' }],
    ];
    for (const [channel, payload] of cases) {
      const answer = await postChannel(host, channel as 'drafts.get', payload);
      expect(answer.status, `${channel} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect((answer.body as { message: string }).message).toMatch(/\w/);
    }
    // A config nested past the bound is refused before it is written.
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const tooDeep = await postChannel(host, 'drafts.save', {
      slot: 'new',
      config: { trainer: 'sd-scripts', family: 'sdxl', values: { deep } },
      origin: { kind: 'new' },
    });
    expect(tooDeep.status).toBe(400);
  });
});
