// Messages a client shows as they come, over HTTP: no holes ("undefined"), no doubled dots, and each says
// what to do — the 401 of a host however it was started, and a dataset file the scan cannot read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type DatasetScanSummary } from '../../src/shared/contract';
import { httpCall, useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const token = 'messages-token';
/** The headless host as `dpgui serve` mounts it: the channels and the file route. */
const startHost = useInProcessHosts(token, { supervise: false });

/** A sentence a person can read: no hole, no doubled dot, one full stop at its end. */
function expectClean(message: string): void {
  expect(message).not.toMatch(/undefined|null|\.\.|\(\)/);
  expect(message).toMatch(/[^.]\.$/);
}

describe('the 401 answer', () => {
  it('says where the token comes from without naming a command the user may not have run', async () => {
    const host = await startHost();
    const answers = [
      await httpCall(host.port, '/api/app.info', { headers: { 'content-type': 'application/json' } }),
      await httpCall(host.port, '/api/settings.get', { headers: { authorization: 'Bearer wrong' } }),
      await httpCall(host.port, '/api/files/original?dataset=x&path=a.png', { method: 'GET' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      const { code, message } = JSON.parse(answer.body) as { code: string; message: string };
      expect(code).toBe('unauthorized');
      // `npm start` falls back to the headless host: "dpgui serve" would send that user looking for a
      // command they never ran. The line every start prints is named instead.
      expect(message).not.toContain('dpgui serve');
      expect(message).toContain('"Open DPGui: …"');
      expect(message).toContain('Authorization: Bearer');
      expectClean(message);
    }
  });
});

describe('a dataset file the scan cannot use', () => {
  it('is named with what is wrong and what to do, without holes', async () => {
    const host = await startHost();
    const dataset = tempDir();
    mkdirSync(join(dataset, '2_cat'));
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#357' } })
      .png()
      .toFile(join(dataset, '2_cat', 'good.png'));
    // Bytes of no image format (image-size says "unsupported file type: undefined" of these).
    writeFileSync(join(dataset, '2_cat', 'broken.png'), 'this is not an image');
    // A PNG signature whose header is cut short.
    writeFileSync(join(dataset, '2_cat', 'cut.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    for (const name of ['good', 'broken', 'cut']) writeFileSync(join(dataset, '2_cat', `${name}.txt`), 'cat');

    const registered = await postChannel(host, 'datasets.register', { path: dataset });
    expect(registered.status).toBe(200);
    const { id } = registered.body as { id: string };
    const scanned = await postChannel(host, 'datasets.scan', { id });
    expect(scanned.status).toBe(200);
    const { scan } = scanned.body as { scan: DatasetScanSummary };
    const corrupt = scan.issues.filter((issue) => issue.kind === 'corrupt');
    expect(corrupt.map((issue) => issue.path).sort()).toEqual(['2_cat/broken.png', '2_cat/cut.png']);
    expect(corrupt.find((issue) => issue.path === '2_cat/broken.png')?.message).toBe(
      'This file is not a readable image (its first bytes match no image format): re-save it as an image or video the trainer reads, or take it out of the folder.',
    );
    for (const issue of corrupt) expectClean(issue.message);
  });
});

describe('refusals a client shows as they come', () => {
  it('end once, with no hole, for paths that do not exist, a folder given as a file, and a missing model', async () => {
    const host = await startHost();
    const root = tempDir();
    const gone = join(root, 'gone');
    const folder = join(root, 'a-folder');
    mkdirSync(folder);
    // sd-scripts is set up, so the job below is refused for its config, not for the install.
    const sdScripts = { python: process.execPath, folder, env: {} };
    const set = await postChannel(host, 'settings.set', {
      trainers: { ...defaultSettings.trainers, sdScripts },
    });
    expect(set.status).toBe(200);
    const refusals = [
      await postChannel(host, 'datasets.register', { path: gone }),
      await postChannel(host, 'configs.import', {
        trainer: 'sd-scripts',
        paths: [join(gone, 'config.toml')],
      }),
      await postChannel(host, 'configs.import', { trainer: 'sd-scripts', paths: [folder] }),
      await postChannel(host, 'host.listFolder', { path: gone }),
      await postChannel(host, 'jobs.enqueue', {
        name: 'no model',
        config: {
          trainer: 'sd-scripts',
          family: 'sdxl',
          values: { pretrained_model_name_or_path: join(gone, 'model.safetensors') },
        },
        gpus: { count: 0 },
      }),
    ];
    for (const { status, body } of refusals) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      const { message, details } = body as { message: string; details: { message: string }[] };
      expectClean(message);
      for (const detail of details) expect(detail.message).not.toMatch(/undefined|\.\./);
    }
    expect((refusals[0]?.body as { message: string }).message).toBe(
      `Cannot register "${gone}": the file or folder does not exist (ENOENT).`,
    );
    expect(refusals[4]?.status).toBe(400);
    expect((refusals[4]?.body as { message: string }).message).toContain(
      `values.pretrained_model_name_or_path Base model: "${join(gone, 'model.safetensors')}" does not exist`,
    );
  });
});
