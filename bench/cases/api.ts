/**
 * The queue at 10,000 jobs as a client meets it: the built `dpgui serve`, over HTTP. Each job is a real
 * SD 1.5 LoRA config that passes the validator (model file, image folder and output folder exist; each
 * job saves under its own name), so every enqueue runs the full check, same-output check included.
 * The sd-scripts install is named and the one (fake) GPU is full of a stranger's memory, so enqueue
 * accepts the jobs, nothing launches, and the supervisor still dispatches after every change. One host is filled once (`api.enqueue_10k_total`, 8 clients at once) and the
 * other cases measure single requests against those 10,000 waiting jobs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestName } from '../../src/shared/contract';
import { openSqlite } from '../../src/main/core/queue/sqlite';
import { sdScriptsBuiltInPresets } from '../../src/shared/trainers/sd-scripts';
import { launchHost, type RunningHost } from '../../tests/support/launch-headless-host';
import { busyGpuEnv, namedInstalls } from '../../tests/support/set-up-installs';
import { postText } from '../../tests/support/post-channel';
import { percentile, type BenchCase, type CaseResult } from '../harness';

const jobCount = 10_000;
const clients = 8;
const samples = 200;

interface Filled {
  host: RunningHost;
  root: string;
  agent: Agent;
  /** A config whose output name is the job's. */
  config: (outputName: string) => Record<string, unknown>;
  /** Ids of the waiting jobs, in queue order at the end of the fill. */
  ids: string[];
  fillSeconds: number;
  fillLatencies: number[];
  /** What the disk allowed just before the fill: the ceiling of any path that commits each job alone. */
  bareCommitsPerSec: number;
}

/** Bare one-row commits at synchronous=FULL in WAL, in the folder the host's data lies in. */
function bareCommitsPerSecond(root: string): number {
  const db = openSqlite(join(root, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
  const rows = 500;
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(`row ${i}`);
  const rate = rows / ((performance.now() - started) / 1000);
  db.close();
  return Math.round(rate);
}

async function ok<T>(
  filled: Pick<Filled, 'host' | 'agent'>,
  channel: RequestName,
  payload: unknown,
): Promise<T> {
  const { status, text } = await postText(filled.host, channel, payload, filled.agent);
  if (status !== 200) throw new Error(`${channel} answered ${status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** ms of one request, checked to succeed. */
async function timed(filled: Filled, channel: RequestName, payload: unknown): Promise<number> {
  const started = performance.now();
  await ok(filled, channel, payload);
  return performance.now() - started;
}

function stats(ms: number[]): { median: number; p95: number; max: number; n: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

/** A latency case's result: the median as its value, then p95, max, the request count and `more`. */
function latencyResult(ms: number[], more: Record<string, unknown>): CaseResult {
  const s = stats(ms);
  return { value: s.median, unit: 'ms', p95: s.p95, max: s.max, requests: s.n, ...more };
}

/** A model file, an image folder with captions and an output folder: what the validator probes. */
function makeWorld(root: string): (outputName: string) => Record<string, unknown> {
  const model = join(root, 'model.safetensors');
  writeFileSync(model, 'not really a model');
  const images = join(root, 'images');
  mkdirSync(images);
  for (let i = 0; i < 20; i++) {
    writeFileSync(join(images, `${i}.png`), 'not really an image');
    writeFileSync(join(images, `${i}.txt`), 'a caption');
  }
  const output = join(root, 'out');
  mkdirSync(output);
  const preset = sdScriptsBuiltInPresets.find((p) => p.id === 'builtin:sd-scripts-sd15-lora');
  if (!preset) throw new Error('the SD 1.5 starter is gone');
  return (outputName) => {
    const config = structuredClone(preset.config) as unknown as {
      values: Record<string, unknown> & { subsets: Record<string, unknown>[] };
    };
    Object.assign(config.values, {
      pretrained_model_name_or_path: model,
      output_dir: output,
      output_name: outputName,
    });
    config.values.subsets[0] = { ...config.values.subsets[0], image_dir: images };
    return config;
  };
}

const enqueuePayload = (config: Filled['config'], name: string): unknown => ({
  name,
  config: config(name),
  gpus: { count: 1 },
});

let shared: Promise<Filled> | null = null;

/** The host with 10,000 waiting jobs, enqueued by 8 clients at once (made once for all the cases). */
function filledHost(): Promise<Filled> {
  shared ??= (async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpgui-bench-api-'));
    const config = makeWorld(root);
    const host = await launchHost({
      checkResponses: false,
      removeDataDir: true,
      // A GPU no job can have: nothing launches, yet every change is dispatched.
      env: { ...process.env, ...busyGpuEnv(join(root, 'nvidia-smi.json')) },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const filled: Filled = {
      host,
      root,
      agent,
      config,
      ids: [],
      fillSeconds: 0,
      fillLatencies: [],
      bareCommitsPerSec: bareCommitsPerSecond(root),
    };
    // Enqueue refuses a trainer whose install is not named.
    await ok(filled, 'settings.set', { trainers: namedInstalls });
    // The config is accepted before the clock starts.
    const probe = await ok<{ id: string }>(filled, 'jobs.enqueue', enqueuePayload(config, 'probe'));
    await ok(filled, 'jobs.cancel', { id: probe.id });
    await ok(filled, 'jobs.delete', { id: probe.id });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = next++; i < jobCount; i = next++) {
          const t = performance.now();
          await ok(filled, 'jobs.enqueue', enqueuePayload(config, `job_${String(i).padStart(5, '0')}`));
          filled.fillLatencies.push(performance.now() - t);
        }
      }),
    );
    filled.fillSeconds = (performance.now() - started) / 1000;
    for (let cursor: string | null = null; ;) {
      const page: { items: { id: string }[]; nextCursor: string | null } = await ok(filled, 'jobs.list', {
        limit: 500,
        statuses: ['queued'],
        ...(cursor === null ? {} : { cursor }),
      });
      filled.ids.push(...page.items.map((j) => j.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    if (filled.ids.length !== jobCount) throw new Error(`${filled.ids.length} jobs waiting, not ${jobCount}`);
    return filled;
  })();
  return shared;
}

const names = ['api.enqueue_10k_total', 'api.enqueue_at_10k', 'api.reorder_at_10k', 'api.cancel_at_10k'];
const only = process.argv[2];
/** The last of these cases that this run runs stops the shared host. */
const lastToRun = [...names].reverse().find((name) => !only || name.startsWith(only));

async function withFilled(name: string, body: (filled: Filled) => Promise<CaseResult>): Promise<CaseResult> {
  const filled = await filledHost();
  try {
    return await body(filled);
  } finally {
    if (name === lastToRun) {
      filled.agent.destroy();
      await filled.host.stop();
      rmSync(filled.root, { recursive: true, force: true });
      shared = null;
    }
  }
}

const enqueueTotal: BenchCase = {
  name: 'api.enqueue_10k_total',
  run: () =>
    withFilled('api.enqueue_10k_total', (filled) => {
      const s = stats(filled.fillLatencies);
      return Promise.resolve({
        value: Number(filled.fillSeconds.toFixed(1)),
        unit: 's',
        jobs: jobCount,
        clients,
        requestMedianMs: s.median,
        requestP95Ms: s.p95,
        requestMaxMs: s.max,
        bareFullSyncCommitsPerSec: filled.bareCommitsPerSec,
        goal: '<= 60',
      });
    }),
};

const enqueueAt10k: BenchCase = {
  name: 'api.enqueue_at_10k',
  run: () =>
    withFilled('api.enqueue_at_10k', async (filled) => {
      const ms: number[] = [];
      for (let i = 0; i < samples; i++) {
        ms.push(await timed(filled, 'jobs.enqueue', enqueuePayload(filled.config, `extra_${i}`)));
      }
      // One that writes the same output as a waiting job is refused (the check did look).
      const clash = await postText(
        filled.host,
        'jobs.enqueue',
        enqueuePayload(filled.config, 'job_05000'),
        filled.agent,
      );
      if (clash.status !== 400 || !clash.text.includes('also writes')) {
        throw new Error(
          `the same-output check let a clash through: ${clash.status} ${clash.text.slice(0, 300)}`,
        );
      }
      return latencyResult(ms, { waiting: jobCount, goal: '<= 20' });
    }),
};

const reorderAt10k: BenchCase = {
  name: 'api.reorder_at_10k',
  run: () =>
    withFilled('api.reorder_at_10k', async (filled) => {
      const { ids } = filled;
      const pick = (i: number): string => ids[i % ids.length] ?? '';
      const ms: number[] = [];
      const targets = ['top', 'bottom', 'up', 'down', 'before'] as const;
      for (let i = 0; i < samples; i++) {
        // A fixed pseudo-random walk so runs compare.
        const kind = targets[i % targets.length] ?? 'top';
        const to = kind === 'before' ? { before: pick(i * 104_729) } : kind;
        ms.push(await timed(filled, 'jobs.reorder', { id: pick(i * 7919), to }));
      }
      // Moves into one gap, again and again: jobs from the back, each put just before the same job.
      const gap: number[] = [];
      const target = pick(5000);
      for (let i = 0; i < samples * 2; i++) {
        gap.push(await timed(filled, 'jobs.reorder', { id: pick(9000 + (i % 400)), to: { before: target } }));
      }
      const g = stats(gap);
      return latencyResult([...ms, ...gap], {
        oneGapMedian: g.median,
        oneGapP95: g.p95,
        oneGapMax: g.max,
        oneGapMoves: g.n,
        goal: '<= 20',
      });
    }),
};

const cancelAt10k: BenchCase = {
  name: 'api.cancel_at_10k',
  run: () =>
    withFilled('api.cancel_at_10k', async (filled) => {
      const cancel: number[] = [];
      const hold: number[] = [];
      for (let i = 0; i < samples; i++) {
        // Held and released first (both move a waiting job's state), then canceled.
        const id = filled.ids[(i * 7919 + 13) % filled.ids.length] ?? '';
        hold.push(await timed(filled, 'jobs.hold', { id }));
        hold.push(await timed(filled, 'jobs.release', { id }));
        cancel.push(await timed(filled, 'jobs.cancel', { id }));
      }
      const h = stats(hold);
      return latencyResult(cancel, {
        holdReleaseMedian: h.median,
        holdReleaseP95: h.p95,
        goal: '<= 20',
      });
    }),
};

export const apiCases: BenchCase[] = [enqueueTotal, enqueueAt10k, reorderAt10k, cancelAt10k];
