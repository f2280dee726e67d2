/**
 * Datasets: a 10,000-image scan in a fresh process with an empty cache, and the first screen of
 * thumbnails (48) over the headless file route with an empty thumbnail cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createAppCore } from '../../src/main/core/app-core';
import { fileRoutes } from '../../src/main/hosts/headless/file-route';
import { createHeadlessApp } from '../../src/main/hosts/headless/headless-server';
import type { BenchCase } from '../harness';

const imageCount = 10_000;

/** 10,000 small PNGs (a few sizes) with captions, in 10 repeat folders. */
async function makeDataset(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'dpgui-bench-dataset-'));
  const sizes = [
    [64, 64],
    [96, 64],
    [64, 96],
  ] as const;
  const pngs = await Promise.all(
    sizes.map(([w, h]) =>
      sharp({ create: { width: w, height: h, channels: 3, background: '#468' } })
        .png()
        .toBuffer(),
    ),
  );
  for (let folder = 0; folder < 10; folder++) mkdirSync(join(root, `${folder + 1}_set${folder}`));
  for (let i = 0; i < imageCount; i++) {
    const dir = join(root, `${(i % 10) + 1}_set${i % 10}`);
    writeFileSync(join(dir, `img${i}.png`), pngs[i % pngs.length] ?? Buffer.alloc(0));
    writeFileSync(join(dir, `img${i}.txt`), `tag${i % 50}, tag${i % 7}, subject`);
  }
  return root;
}

const scan10k: BenchCase = {
  name: 'datasets.scan_10k',
  async run() {
    const root = await makeDataset();
    try {
      const samples: number[] = [];
      for (let run = 0; run < 3; run++) {
        const cache = mkdtempSync(join(tmpdir(), 'dpgui-bench-cache-'));
        // A fresh process, an empty cache: what the first scan after start-up costs.
        const script = `import { runScanJob } from ${JSON.stringify(new URL('../../src/main/core/datasets/scan/scan-job.ts', import.meta.url).href)};
const t = performance.now();
const r = runScanJob({ datasetPath: ${JSON.stringify(root)}, captionExtension: '.txt', cacheFile: ${JSON.stringify(join(cache, 'c.json'))}, full: true, now: 'x' }, () => {});
if (r.summary.counts.images !== ${imageCount}) throw new Error('wrong count ' + r.summary.counts.images);
console.log(performance.now() - t);`;
        const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          encoding: 'utf8',
        });
        samples.push(Number(out.trim().split('\n').pop()));
        rmSync(cache, { recursive: true, force: true });
      }
      samples.sort((a, b) => a - b);
      return { value: samples[1] ?? NaN, unit: 'ms', min: samples[0], max: samples[2], runs: samples.length };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

const thumbsFirstScreen: BenchCase = {
  name: 'datasets.thumbs_first_screen',
  async run() {
    const root = await makeDataset();
    const dataDir = mkdtempSync(join(tmpdir(), 'dpgui-bench-data-'));
    const core = createAppCore({ dataDir, host: 'headless' });
    const token = 'bench';
    const app = await createHeadlessApp({
      core,
      token,
      host: '127.0.0.1',
      port: 0,
      staticDir: null,
      routes: [fileRoutes(core.files, token)],
    });
    try {
      const headers = {
        authorization: `Bearer ${token}`,
        host: '127.0.0.1',
        'content-type': 'application/json',
      };
      const registered = (
        await app.inject({ method: 'POST', url: '/api/datasets.register', headers, payload: { path: root } })
      ).json<{ id: string }>();
      await app.inject({
        method: 'POST',
        url: '/api/datasets.scan',
        headers,
        payload: { id: registered.id },
      });
      const page = (
        await app.inject({
          method: 'POST',
          url: '/api/datasets.files',
          headers,
          payload: { id: registered.id, limit: 48 },
        })
      ).json<{ files: { path: string }[] }>();
      const started = performance.now();
      const answers = await Promise.all(
        page.files.map((f) =>
          app.inject({
            url: `/api/files/thumbnail?dataset=${registered.id}&path=${encodeURIComponent(f.path)}&size=256`,
            headers,
          }),
        ),
      );
      const elapsed = performance.now() - started;
      const failed = answers.find((a) => a.statusCode !== 200);
      if (failed || answers.length !== 48) {
        throw new Error(
          `${answers.length} thumbnails; one answered ${failed?.statusCode ?? '?'}: ${failed?.body ?? ''}`,
        );
      }
      return { value: elapsed, unit: 'ms', runs: 1 };
    } finally {
      await app.close();
      core.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export const datasetsCases: readonly BenchCase[] = [scan10k, thumbsFirstScreen];
