// Every legal and every illegal move, generated from the table (never listed here by hand), driven
// through the real queue: a job is walked to the start state along legal moves, then the move is tried.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobStatuses, type JobStatus } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';
import { HandlerError } from '../contract/dispatcher';
import { openJobQueue, type JobQueue } from './job-queue';
import { findTransition, illegalTransitions, renderTransitionTable, transitionTable } from './job-states';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** The shortest chain of legal moves from "queued" to each state (breadth-first over the table). */
function pathsFromQueued(): Map<JobStatus, JobStatus[]> {
  const paths = new Map<JobStatus, JobStatus[]>([['queued', []]]);
  const frontier: JobStatus[] = ['queued'];
  while (frontier.length > 0) {
    const from = frontier.shift() as JobStatus;
    for (const rule of transitionTable.filter((r) => r.from === from)) {
      if (!paths.has(rule.to)) {
        paths.set(rule.to, [...(paths.get(from) ?? []), rule.to]);
        frontier.push(rule.to);
      }
    }
  }
  return paths;
}

const paths = pathsFromQueued();
let dataDir = '';
let queue: JobQueue;
const validators = createSchemaValidators();

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dpgui-states-'));
  queue = openJobQueue({ dataDir, isJob: (v) => validators.response('jobs.get', v).ok }).queue;
});
afterAll(() => {
  queue.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function jobIn(status: JobStatus): string {
  const job = queue.enqueue({
    name: `in ${status}`,
    config: { trainer: 'generic', family: 'hydra', values: {} },
    gpus: { count: 0 },
  });
  for (const step of paths.get(status) ?? []) queue.transition(job.id, step);
  expect(queue.get(job.id).status).toBe(status);
  return job.id;
}

const jobFile = (id: string): { status: string; attempt: number } =>
  JSON.parse(readFileSync(join(queue.runDir(id), 'job.json'), 'utf8')) as { status: string; attempt: number };

describe('the job state table', () => {
  it('reaches every state from "queued"', () => {
    expect([...paths.keys()].sort()).toEqual([...jobStatuses].sort());
  });

  it.each(transitionTable.map((r) => [r.from, r.to, r.countsAttempt] as const))(
    'allows %s → %s',
    (from, to, countsAttempt) => {
      const id = jobIn(from);
      const before = queue.get(id);
      const updates: string[] = [];
      const stop = queue.onChange((c) => {
        if (c.kind === 'job' && c.job.id === id) updates.push(c.job.status);
      });
      const after = queue.transition(id, to);
      stop();
      expect(after.status).toBe(to);
      expect(after.attempt).toBe(before.attempt + (countsAttempt ? 1 : 0));
      expect(queue.get(id)).toEqual(after);
      expect(jobFile(id)).toMatchObject({ status: to, attempt: after.attempt });
      expect(updates).toEqual([to]);
      expect(validators.response('jobs.get', after)).toEqual({ ok: true });
    },
  );

  it.each(illegalTransitions().map((p) => [p.from, p.to] as const))('refuses %s → %s', (from, to) => {
    const id = jobIn(from);
    const before = queue.get(id);
    let thrown: unknown;
    try {
      queue.transition(id, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HandlerError);
    const { error } = thrown as HandlerError;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`from "${from}" to "${to}"`);
    expect(queue.get(id)).toEqual(before);
    expect(jobFile(id).status).toBe(from);
  });

  it('lists each pair once, legal or illegal', () => {
    const legal = jobStatuses.flatMap((f) => jobStatuses.filter((t) => findTransition(f, t)));
    expect(legal.length + illegalTransitions().length).toBe(jobStatuses.length ** 2);
    expect(legal.length).toBe(transitionTable.length);
  });

  it('is printed in the README as it is in the code', () => {
    // Prettier pads the README's table columns; compare without the padding.
    const unpadded = (text: string): string => text.replace(/ +\|/g, ' |').replace(/-{3,}/g, '---');
    expect(unpadded(readFileSync(join(repoRoot, 'README.md'), 'utf8'))).toContain(
      unpadded(renderTransitionTable()),
    );
  });
});
