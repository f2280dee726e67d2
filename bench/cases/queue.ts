/**
 * The job queue at 10,000 jobs: the insert path (one transaction each at synchronous=FULL, job.json
 * included), one 50-job page, one move, and the cold start of `dpgui serve` on a data folder holding
 * 10,000 finished jobs with their curves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchHost } from '../../tests/support/launch-headless-host';
import { createSchemaValidators } from '../../src/main/core/contract/schema-validators';
import { abilitiesOf } from '../../src/main/core/queue/job-abilities';
import { writeJobFile } from '../../src/main/core/queue/job-files';
import { insertJobSql, jobToRow } from '../../src/main/core/queue/job-rows';
import { openJobQueue, type JobQueue } from '../../src/main/core/queue/job-queue';
import { openSqlite } from '../../src/main/core/queue/sqlite';
import type { Job, JobListQuery, NewJob } from '../../src/shared/contract';
import { summarize, type BenchCase } from '../harness';

const jobCount = 10_000;
const validators = createSchemaValidators();
const isJob = (value: unknown): boolean => validators.response('jobs.get', value).ok;

const sampleJob = (name: string): NewJob => ({
  name,
  config: {
    trainer: 'sd-scripts',
    family: 'sdxl',
    values: {
      pretrained_model_name_or_path: '/models/sdxl.safetensors',
      network_dim: 16,
      max_train_steps: 2000,
    },
  },
  gpus: { count: 1 },
});

function withQueue<T>(run: (queue: JobQueue, dataDir: string) => T): T {
  const dataDir = mkdtempSync(join(tmpdir(), 'dpgui-bench-queue-'));
  const { queue } = openJobQueue({ dataDir, isJob });
  try {
    return run(queue, dataDir);
  } finally {
    queue.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function fill(queue: JobQueue): number {
  const template = sampleJob('template');
  // One small config, validated once before the loop, as the goal states.
  const check = validators.request('jobs.enqueue', template);
  if (!check.ok) throw new Error('the sample job does not pass its schema');
  const started = performance.now();
  for (let i = 0; i < jobCount; i++) queue.enqueue({ ...template, name: `job ${i}` });
  return performance.now() - started;
}

/**
 * What the disk allows right now: bare one-row commits at synchronous=FULL in WAL, the ceiling of any
 * insert path that commits each job on its own (measured beside it, since a busy machine moves it).
 */
function bareCommitsPerSecond(dataDir: string): number {
  const db = openSqlite(join(dataDir, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
  const rows = 2000;
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(`row ${i}`);
  const rate = rows / ((performance.now() - started) / 1000);
  db.close();
  return Math.round(rate);
}

const enqueue10k: BenchCase = {
  name: 'queue.enqueue_10k',
  run: () =>
    Promise.resolve(
      withQueue((queue, dataDir) => {
        const ceilingBefore = bareCommitsPerSecond(dataDir);
        const ms = fill(queue);
        return {
          value: Math.round(jobCount / (ms / 1000)),
          unit: 'jobs/s',
          jobs: jobCount,
          bareFullSyncCommitsPerSec: ceilingBefore,
          goal: '>= 2000',
        };
      }),
    ),
};

const listPage10k: BenchCase = {
  name: 'queue.list_page_10k',
  run: () =>
    Promise.resolve(
      withQueue((queue) => {
        fill(queue);
        // Cursors spread over the whole queue: the first page and pages deep inside it.
        const cursors: (string | null)[] = [null];
        for (let page = queue.list({ limit: 50 }); page.nextCursor !== null;) {
          cursors.push(page.nextCursor);
          page = queue.list({ limit: 50, cursor: page.nextCursor });
        }
        const samples: number[] = [];
        for (let round = 0; round < 3; round++) {
          for (const cursor of cursors) {
            const t = performance.now();
            const page = queue.list({ limit: 50, ...(cursor === null ? {} : { cursor }) });
            samples.push(performance.now() - t);
            if (page.items.length === 0) throw new Error('empty page');
          }
        }
        const s = summarize(samples);
        return { value: s.median, unit: 'ms', p99: s.p99, pages: s.n, pageSize: 50, goal: '<= 5' };
      }),
    ),
};

/**
 * The history's orders (newest first, by state, newest first among some states) at 10,000 jobs, a
 * fifth of them held and a seventh canceled: every page is an index range, whatever the order.
 */
const listSorted10k: BenchCase = {
  name: 'queue.list_sorted_10k',
  run: () =>
    Promise.resolve(
      withQueue((queue) => {
        fill(queue);
        let n = 0;
        for (let page = queue.list({ limit: 500 }); ;) {
          for (const job of page.items) {
            if (n % 5 === 0) queue.hold(job.id);
            else if (n % 7 === 0) queue.cancel(job.id);
            n++;
          }
          if (page.nextCursor === null) break;
          page = queue.list({ limit: 500, cursor: page.nextCursor });
        }
        const queries: JobListQuery[] = [
          { sort: 'newest' },
          { sort: 'status' },
          { sort: 'newest', statuses: ['held', 'canceled'] },
          { sort: 'status', statuses: ['queued', 'canceled'] },
        ];
        const medians: Record<string, number> = {};
        const samples: number[] = [];
        for (const query of queries) {
          const cursors: (string | null)[] = [null];
          for (let page = queue.list({ ...query, limit: 50 }); page.nextCursor !== null;) {
            cursors.push(page.nextCursor);
            page = queue.list({ ...query, limit: 50, cursor: page.nextCursor });
          }
          const mine: number[] = [];
          for (let round = 0; round < 2; round++) {
            for (const cursor of cursors) {
              const t = performance.now();
              const page = queue.list({ ...query, limit: 50, ...(cursor === null ? {} : { cursor }) });
              mine.push(performance.now() - t);
              if (page.items.length === 0) throw new Error('empty page');
            }
          }
          medians[JSON.stringify(query)] = summarize(mine).median;
          samples.push(...mine);
        }
        const s = summarize(samples);
        return { value: s.median, unit: 'ms', p99: s.p99, pages: s.n, pageSize: 50, medians, goal: '<= 5' };
      }),
    ),
};

const reorder10k: BenchCase = {
  name: 'queue.reorder_10k',
  run: () =>
    Promise.resolve(
      withQueue((queue) => {
        fill(queue);
        const ids: string[] = [];
        for (let page = queue.list({ limit: 500 }); ;) {
          ids.push(...page.items.map((j) => j.id));
          if (page.nextCursor === null) break;
          page = queue.list({ limit: 500, cursor: page.nextCursor });
        }
        const samples: number[] = [];
        const targets = ['top', 'bottom', 'up', 'down', 'before'] as const;
        for (let i = 0; i < 500; i++) {
          // A fixed pseudo-random walk so runs compare.
          const id = ids[(i * 7919) % ids.length] ?? '';
          const kind = targets[i % targets.length] ?? 'top';
          const to = kind === 'before' ? { before: ids[(i * 104_729) % ids.length] ?? '' } : kind;
          const t = performance.now();
          queue.reorder(id, to);
          samples.push(performance.now() - t);
        }
        const s = summarize(samples);
        return { value: s.median, unit: 'ms', p99: s.p99, moves: s.n, goal: '<= 5' };
      }),
    ),
};

/** 10,000 finished jobs (with job.json) and 200 curve points each, written directly as the store does. */
function makeFinishedDataFolder(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'dpgui-bench-cold-'));
  openJobQueue({ dataDir, isJob }).queue.close();
  const queueDb = openSqlite(join(dataDir, 'queue.db'));
  const metricsDb = openSqlite(join(dataDir, 'metrics.db'));
  const insert = queueDb.prepare(insertJobSql);
  const point = metricsDb.prepare(
    'INSERT INTO metrics (job_id, step, loss, smoothed_loss, lr, epoch) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const at = new Date().toISOString();
  queueDb.transaction(() => {
    for (let i = 0; i < jobCount; i++) {
      const id = `bench-${String(i).padStart(5, '0')}`;
      const job: Job = {
        ...sampleJob(`finished ${i}`),
        trainer: 'sd-scripts',
        configProblem: null,
        resumeFrom: null,
        id,
        status: i % 10 === 0 ? 'failed' : 'succeeded',
        position: (i + 1) * 65_536,
        assignedGpus: ['GPU-0'],
        masterPort: 29_500 + (i % 100),
        process: null,
        runDir: join(dataDir, 'runs', id),
        createdAt: at,
        updatedAt: at,
        startedAt: at,
        finishedAt: at,
        exitCode: i % 10 === 0 ? 1 : 0,
        exitSignal: null,
        errorReason: null,
        errorHint: null,
        lastProgress: null,
        attempt: 1,
        retriedFrom: null,
        clonedFrom: null,
        resume: false,
        reasonCode: i % 10 === 0 ? 'failed' : 'completed',
        canceledBy: null,
        canceledAt: null,
        abilities: abilitiesOf({
          id,
          trainer: 'sd-scripts',
          status: i % 10 === 0 ? 'failed' : 'succeeded',
          savedState: null,
        }),
      };
      insert.run(jobToRow(job));
      writeJobFile(job);
    }
  })();
  metricsDb.transaction(() => {
    for (let i = 0; i < jobCount; i++) {
      for (let step = 1; step <= 200; step++)
        point.run(`bench-${String(i).padStart(5, '0')}`, step, 1 / step, null, 1e-4, 1);
    }
  })();
  queueDb.close();
  metricsDb.close();
  return dataDir;
}

function postJobsList(port: number, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/jobs.list',
        method: 'POST',
        agent: new Agent({ keepAlive: false }),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{"limit":50}');
  });
}

/** ms from spawning `dpgui serve` on the folder to the answer of its first jobs.list. */
async function timeFirstAnswer(dataDir: string): Promise<number> {
  const started = performance.now();
  const host = await launchHost({ dataDir, checkResponses: false });
  const status = await postJobsList(host.port, host.token);
  const ms = performance.now() - started;
  await host.stop();
  if (status !== 200) throw new Error(`jobs.list answered ${status}:\n${host.output()}`);
  return ms;
}

const coldStart10k: BenchCase = {
  name: 'queue.cold_start_10k',
  async run() {
    const dataDir = makeFinishedDataFolder();
    const emptyDir = mkdtempSync(join(tmpdir(), 'dpgui-bench-cold-empty-'));
    try {
      const samples: number[] = [];
      const empty: number[] = [];
      // Interleaved with starts on an empty folder, so the queue's share can be told from the host's.
      for (let i = 0; i < 5; i++) {
        samples.push(await timeFirstAnswer(dataDir));
        empty.push(await timeFirstAnswer(emptyDir));
      }
      const opened: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        openJobQueue({ dataDir, isJob }).queue.close();
        opened.push(performance.now() - t);
      }
      const s = summarize(samples);
      return {
        value: s.median,
        unit: 'ms',
        min: s.min,
        max: s.max,
        runs: s.n,
        emptyFolderMedianMs: summarize(empty).median,
        queueOpenMedianMs: summarize(opened).median,
        jobs: jobCount,
        metricPoints: jobCount * 200,
        goal: '<= 1000',
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(emptyDir, { recursive: true, force: true });
    }
  },
};

export const queueCases: BenchCase[] = [enqueue10k, listPage10k, listSorted10k, reorder10k, coldStart10k];
