// Paging, search and moves in a queue of 10,000 jobs. The jobs are laid down as the run folders' job.json
// files and the queue rebuilt from them in one transaction: 10,000 separate enqueues at synchronous=FULL
// would make this test as slow as the disk (the enqueue path has its own tests and bench case).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';
import { abilitiesOf } from './job-abilities';
import { writeJobFile } from './job-files';
import { openJobQueue, type JobQueue } from './job-queue';

const count = 10_000;
const validators = createSchemaValidators();
let dataDir = '';
let queue: JobQueue;
let notices: string[] = [];

const nameFor = (i: number): string => (i % 100 === 0 ? `Portrait 100%_${i}` : `style ${i}`);

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dpgui-10k-'));
  const created = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = `job-${String(i).padStart(5, '0')}`;
    const at = new Date(created + i).toISOString();
    const job: Job = {
      id,
      name: nameFor(i),
      trainer: 'generic',
      config: { trainer: 'generic', family: 'hydra', values: { steps: i } },
      configProblem: null,
      gpus: { count: 1 },
      status: i % 1000 === 1 ? 'held' : 'queued',
      position: 0,
      assignedGpus: null,
      masterPort: null,
      process: null,
      runDir: join(dataDir, 'runs', id),
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      exitSignal: null,
      errorReason: null,
      errorHint: null,
      lastProgress: null,
      attempt: 1,
      retriedFrom: null,
      clonedFrom: null,
      resume: false,
      resumeFrom: null,
      reasonCode: null,
      canceledBy: null,
      canceledAt: null,
      abilities: abilitiesOf({ id, trainer: 'generic', status: 'queued', savedState: null }),
    };
    writeJobFile(job);
  }
  ({ queue, notices } = openJobQueue({ dataDir, isJob: (v) => validators.response('jobs.get', v).ok }));
}, 120_000);

afterAll(() => {
  queue.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a queue of 10,000 jobs', () => {
  it('is rebuilt from 10,000 run folders, in order of creation', () => {
    expect(notices[0]).toMatch(/rebuilt from the job.json of 10000 run folder/);
    expect(queue.state().counts).toMatchObject({ queued: 9_990, held: 10 });
  });

  it('pages through every job once, in order', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = queue.list({ limit: 500, ...(cursor === null ? {} : { cursor }) });
      expect(page.total).toBe(count);
      seen.push(...page.items.map((j) => j.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(20);
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => nameFor(i)));
  });

  it('finds jobs by name (case-insensitive, wildcards taken literally) and by state', () => {
    const found = queue.list({ search: 'portrait 100%_', limit: 50 });
    expect(found.total).toBe(100);
    expect(found.items.map((j) => j.name)).toEqual(Array.from({ length: 50 }, (_, k) => nameFor(k * 100)));
    const second = queue.list({ search: 'portrait 100%_', limit: 50, cursor: found.nextCursor ?? '' });
    expect(second.items.at(-1)?.name).toBe('Portrait 100%_9900');
    expect(second.nextCursor).toBeNull();
    expect(queue.list({ search: 'e%' }).total).toBe(0);
    expect(queue.list({ search: 'style_1' }).total).toBe(0);

    expect(queue.list({ statuses: ['held'] }).items.map((j) => j.name)).toEqual(
      Array.from({ length: 10 }, (_, k) => `style ${k * 1000 + 1}`),
    );
    expect(queue.list({ statuses: ['held', 'queued'], search: 'style 1001' }).total).toBe(1);
    expect(queue.list({ statuses: ['running'] })).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('moves a job from the end to the top and back, and appends a new one after the last', () => {
    const last = queue.list({ search: 'style 9999' }).items[0];
    queue.reorder(last?.id ?? '', 'top');
    expect(queue.list({ limit: 2 }).items.map((j) => j.name)).toEqual(['style 9999', 'Portrait 100%_0']);
    queue.resume();
    expect(queue.dispatchOrder()[0]?.name).toBe('style 9999');
    queue.reorder(last?.id ?? '', 'bottom');
    const added = queue.enqueue({
      name: 'newest',
      config: { trainer: 'generic', family: 'hydra', values: {} },
      gpus: { count: 0 },
    });
    expect(queue.list({ statuses: ['queued'] }).total).toBe(9_991);
    expect(
      queue
        .dispatchOrder()
        .slice(-2)
        .map((j) => j.name),
    ).toEqual(['style 9999', added.name]);
  });
});
