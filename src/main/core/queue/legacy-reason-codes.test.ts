// Jobs that ended before jobs carried a reason code get the one their sentence tells, the same from an
// old queue.db (its migration) and from old job.json files (a rebuild), for every sentence DPGui wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newJob } from '../../../../tests/support/new-job';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobReasonCode, JobStatus } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';
import { classifyExit, type ExitFacts } from '../supervisor/exit-reasons';
import { openJobQueue, type JobQueue } from './job-queue';
import { legacyReasonCode } from './legacy-reason-codes';
import { openSqlite } from './sqlite';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const isJob = (value: unknown): boolean => validators.response('jobs.get', value).ok;
const opened: JobQueue[] = [];
afterEach(() => {
  for (const queue of opened.splice(0)) queue.close();
});

const exit = (over: Partial<ExitFacts>): ExitFacts => ({
  trainer: 'sd-scripts',
  exitCode: 1,
  signal: null,
  stopRequested: false,
  logTail: [],
  lastStep: null,
  savedSomething: false,
  ...over,
});

/** Every failure sentence the supervisor writes, with its code, from the classifier itself. */
const failures = [
  exit({
    logTail: ['[W socket.cpp:464] failed to bind to [::]:29500 (errno: 98 - Address already in use).'],
  }),
  exit({ logTail: ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'] }),
  exit({ logTail: ['OSError: [Errno 28] No space left on device'] }),
  exit({ logTail: ["huggingface_hub.errors.HFValidationError: Repo id must be in the form 'a/b'"] }),
  exit({ logTail: ["FileNotFoundError: [Errno 2] No such file or directory: '/m/x.safetensors'"] }),
  exit({ logTail: ["ModuleNotFoundError: No module named 'bitsandbytes'"] }),
  exit({ logTail: ['Unable to find latest file at /out/latest'] }),
  exit({ logTail: ['steps: 120 loss: nan'] }),
  exit({ exitCode: null, signal: 'SIGKILL' }),
  exit({ exitCode: null, signal: 'SIGSEGV' }),
  exit({ exitCode: null, signal: 'SIGTERM' }),
  exit({ exitCode: 0 }),
  exit({ exitCode: 3, logTail: ['ValueError: something else'] }),
].map((facts) => classifyExit(facts) ?? { code: 'none', reason: 'none' });

const others: [JobStatus, string | null, JobReasonCode][] = [
  ['succeeded', null, 'completed'],
  ['canceled', null, 'canceled'],
  ['canceled', 'Replaced by the edited job 20261207-1.', 'replaced'],
  ['canceled', 'Stopped and saved as asked. No checkpoint was found in its run folder.', 'stopped-and-saved'],
  ['interrupted', 'It was running when DPGui stopped.', 'interrupted'],
  ['failed', 'The sd-scripts install is not set up: its folder is not set.', 'launch-failed'],
  ['failed', 'The trainer did not start (ENOENT): no such file.', 'launch-failed'],
  ['failed', null, 'failed'],
];

const cases: [JobStatus, string | null, JobReasonCode][] = [
  ...failures.map((r): [JobStatus, string, JobReasonCode] => ['failed', r.reason, r.code as JobReasonCode]),
  ...others,
];

describe('the reason code of a job that ended before codes', () => {
  it('is the one the supervisor gives that sentence today, for each of its sentences', () => {
    expect(new Set(failures.map((r) => r.code)).size).toBe(failures.length);
    for (const [status, reason, code] of cases)
      expect(legacyReasonCode(status, reason), `${reason}`).toBe(code);
    expect(legacyReasonCode('running', null)).toBeNull();
  });

  it('is given by queue.db’s migration and by a rebuild from job.json files alike', () => {
    const dataDir = tempDir();
    let { queue } = openJobQueue({ dataDir, isJob });
    const ids = cases.map(([status, reason], i) => {
      const job = queue.enqueue(newJob(`old ${i}`, 'generic', 'hydra', {}, 0));
      if (status === 'succeeded' || status === 'failed' || status === 'interrupted') {
        queue.transition(job.id, 'starting');
        queue.transition(job.id, 'running');
      }
      queue.transition(job.id, status, reason === null ? {} : { errorReason: reason });
      return job.id;
    });
    const cancel = queue.enqueue(newJob('canceled by hand', 'generic', 'hydra', {}, 0));
    queue.cancel(cancel.id);
    queue.close();
    // The previous version: no columns for codes, nor the index after them (user_version 2), and
    // job.json files without the new fields.
    const db = openSqlite(join(dataDir, 'queue.db'));
    db.exec('DROP INDEX IF EXISTS jobs_by_status_newest');
    for (const column of ['reason_code', 'canceled_by', 'canceled_at', 'saved_state', 'resume_from'])
      db.exec(`ALTER TABLE jobs DROP COLUMN ${column}`);
    db.pragma('user_version = 2');
    db.close();
    for (const id of [...ids, cancel.id]) {
      const file = join(dataDir, 'runs', id, 'job.json');
      const { reasonCode, canceledBy, canceledAt, abilities, resumeFrom, ...old } = JSON.parse(
        readFileSync(file, 'utf8'),
      ) as Record<string, unknown>;
      expect([reasonCode, canceledAt, abilities, resumeFrom].every((v) => v !== undefined)).toBe(true);
      expect(canceledBy).toBeDefined();
      writeFileSync(file, JSON.stringify(old));
    }

    queue = openJobQueue({ dataDir, isJob }).queue;
    opened.push(queue);
    const expected = [...cases.map(([, , code]) => code), 'canceled'];
    const codes = () => [...ids, cancel.id].map((id) => queue.get(id).reasonCode);
    expect(codes()).toEqual(expected);
    // Who canceled it was not recorded then: not made up now.
    expect(queue.get(cancel.id)).toMatchObject({ canceledBy: null, canceledAt: null, resumeFrom: null });
    expect(queue.get(cancel.id).abilities.retry.allowed).toBe(true);
    queue.close();
    opened.pop();

    // The same from the job.json files alone (queue.db lost).
    writeFileSync(join(dataDir, 'queue.db'), 'not a database');
    queue = openJobQueue({ dataDir, isJob }).queue;
    opened.push(queue);
    expect(codes()).toEqual(expected);
    // A job from before a resumed retry could choose its saved state resumes from the newest.
    expect(queue.get(cancel.id).resumeFrom).toBeNull();
  });
});
