// What a job says it can do agrees with what its channel answers, in every state, for every trainer,
// with and without a saved state: an ability that says no is the 409 its channel answers, word for
// word; one that says yes is never answered 409. Driven through the real queue and the jobs.* handlers.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newJob } from '../../../../tests/support/new-job';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import {
  jobAbilityNames,
  jobStatuses,
  type JobAbilityName,
  type JobStatus,
  type TrainerKind,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { jobAbilities, resumeAbility } from './job-abilities';
import { openJobQueue, type JobQueue } from './job-queue';
import { createJobsHandlers } from './jobs-handlers';
import { transitionTable } from './job-states';
import type { ResumePoint } from '../trainers/runtime';

const tempDir = useTempDirs();
const queues: JobQueue[] = [];
afterAll(() => {
  for (const queue of queues) queue.close();
});

const trainers: { kind: TrainerKind; family: string }[] = [
  { kind: 'sd-scripts', family: 'sd15' },
  { kind: 'diffusion-pipe', family: 'sdxl' },
  { kind: 'generic', family: 'hydra' },
];

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

/** A job named "…unsaved…" left no state to resume from; the others did. */
const pointOf = (name: string): ResumePoint =>
  name.includes('unsaved')
    ? { ok: false, reason: 'No saved state was found in /out/run (save_state was off).' }
    : { ok: true, from: '/out/run/state' };

function world() {
  const { queue } = openJobQueue({
    dataDir: join(tempDir(), 'data'),
    isJob: () => true,
    savedStateOf: (job) => resumeAbility(pointOf(job.name)),
  });
  queues.push(queue);
  const handlers = createJobsHandlers({
    queue,
    resumePoint: (id) => pointOf(queue.get(id).name),
    raisedTotal: () => ({ ok: false, field: 'totalSteps', reason: 'not asked here' }),
    requestSave: (id) => ({ jobId: id, requested: true, file: null, message: 'Asked it to save.' }),
    artifacts: () => Promise.reject(new Error('not asked here')),
    waitReasons: () => [],
  });
  return { queue, handlers };
}

/** Each ability's channel, asked for this job. */
function ask(handlers: ReturnType<typeof createJobsHandlers>, id: string) {
  const config = { trainer: 'generic' as const, family: 'hydra', values: {} };
  const channels: Record<JobAbilityName, () => unknown> = {
    saveNow: () => handlers['jobs.save']({ id }),
    stopAndSave: () => handlers['jobs.stopAndSave']({ id }),
    cancel: () => handlers['jobs.cancel']({ id }),
    hold: () => handlers['jobs.hold']({ id }),
    release: () => handlers['jobs.release']({ id }),
    edit: () => handlers['jobs.replace']({ id, name: 'edited', config, gpus: { count: 0 } }),
    reorder: () => handlers['jobs.reorder']({ id, to: 'top' }),
    retry: () => handlers['jobs.retry']({ id }),
    resume: () => handlers['jobs.retry']({ id, resume: true }),
    delete: () => handlers['jobs.delete']({ id }),
  };
  return channels;
}

/** null when the channel answered; the conflict's message when it answered 409. */
async function conflictOf(call: () => unknown): Promise<string | null> {
  try {
    await call();
    return null;
  } catch (error) {
    if (error instanceof HandlerError && error.error.code === 'conflict') return error.message;
    throw error;
  }
}

describe('a job’s abilities', () => {
  it.each([...jobStatuses])('agree with the channels’ answers for a %s job', async (status) => {
    const { queue, handlers } = world();
    for (const { kind, family } of trainers)
      for (const saved of ['saved', 'unsaved'])
        for (const ability of jobAbilityNames) {
          const job = queue.enqueue(newJob(`${kind} ${saved} ${ability}`, kind, family, {}, 0));
          for (const step of paths.get(status) ?? []) queue.transition(job.id, step);
          const said = queue.get(job.id).abilities[ability];
          const answered = await conflictOf(ask(handlers, job.id)[ability]);
          const where = `${status} ${kind} ${saved}: ${ability}`;
          expect(answered, where).toBe(said.allowed ? null : said.reason);
          // A sentence with no holes, to show beside the greyed button.
          if (!said.allowed) expect(said.reason, where).toMatch(/^[^\s.](?!.*undefined)(?!.*\.\.).*\.$/);
        }
  });

  it('are the same in every list: summaries, events and jobs.get', () => {
    const { queue } = world();
    const changes: unknown[] = [];
    queue.onChange((change) => changes.push(change));
    const job = queue.enqueue(newJob('listed', 'diffusion-pipe', 'sdxl', {}, 0));
    const held = queue.hold(job.id);
    expect(held.abilities).toEqual(queue.get(job.id).abilities);
    expect(queue.list({}).items[0]?.abilities).toEqual(held.abilities);
    const announced = changes.filter((c) => (c as { kind: string }).kind === 'job').at(-1);
    expect(announced).toMatchObject({ kind: 'job', job: { status: 'held', abilities: held.abilities } });
    expect(held.abilities.release).toEqual({ allowed: true, reason: null });
    expect(held.abilities.hold.reason).toBe(`Job ${job.id} is already held.`);
  });

  it('say what a trainer cannot do, whatever the state, before the state', () => {
    const generic = { saveNow: 'It saves nothing.', stopAndSave: 'It saves nothing.', resume: 'Not known.' };
    const running = jobAbilities({ id: 'j', status: 'running', savedState: null }, generic);
    expect(running.saveNow).toEqual({ allowed: false, reason: 'It saves nothing.' });
    expect(running.stopAndSave).toEqual({ allowed: false, reason: 'It saves nothing.' });
    const failed = jobAbilities({ id: 'j', status: 'failed', savedState: null }, generic);
    expect(failed.resume).toEqual({ allowed: false, reason: 'It cannot be resumed. Not known.' });
    expect(failed.retry.allowed).toBe(true);
  });

  it('offer a resume only where a saved state was found (not looked for: allowed, the request looks)', () => {
    const all = { saveNow: true, stopAndSave: true, resume: true } as const;
    const nothing = resumeAbility({ ok: false, reason: 'No saved state was found.' });
    const of = (savedState: typeof nothing | null) =>
      jobAbilities({ id: 'j', status: 'canceled', savedState }, all).resume;
    expect(of(null)).toEqual({ allowed: true, reason: null });
    expect(of(resumeAbility({ ok: true, from: '/out/state' }))).toEqual({ allowed: true, reason: null });
    expect(of(nothing)).toEqual({
      allowed: false,
      reason: 'It cannot be resumed. No saved state was found.',
    });
    // An unfinished job says it must finish first, not that nothing was saved.
    const running = jobAbilities({ id: 'j', status: 'running', savedState: nothing }, all);
    expect(running.resume.reason).toMatch(/only a finished job can be retried/);
  });

  it('correct a resume that was offered when the state is found gone on asking, and announce it', async () => {
    const { queue, handlers } = world();
    const job = queue.enqueue(newJob('saved then gone', 'sd-scripts', 'sd15', {}, 0));
    for (const step of paths.get('failed') ?? []) queue.transition(job.id, step);
    expect(queue.get(job.id).abilities.resume.allowed).toBe(true);
    const updates: unknown[] = [];
    queue.onChange((change) => updates.push(change));
    const gone = createJobsHandlers({
      queue,
      resumePoint: () => ({ ok: false, reason: 'Its saved state was deleted.' }),
      raisedTotal: () => ({ ok: false, field: 'totalSteps', reason: 'not asked here' }),
      requestSave: () => {
        throw new Error('not asked');
      },
      artifacts: () => Promise.reject(new Error('not asked')),
      waitReasons: () => [],
    });
    expect(await conflictOf(() => gone['jobs.retry']({ id: job.id, resume: true }))).toBe(
      'It cannot be resumed. Its saved state was deleted.',
    );
    expect(queue.get(job.id).abilities.resume.reason).toBe(
      'It cannot be resumed. Its saved state was deleted.',
    );
    expect(updates).toContainEqual(expect.objectContaining({ kind: 'job' }));
    // Found again: offered again.
    expect(await conflictOf(() => handlers['jobs.retry']({ id: job.id, resume: true }))).toBeNull();
    expect(queue.get(job.id).abilities.resume.allowed).toBe(true);
  });
});
