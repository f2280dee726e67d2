/**
 * `<dataDir>/runs/<jobId>/job.json`: each job's record beside its logs, rewritten at every transition,
 * so that the run folders are a second copy the queue can be rebuilt from. The database (synchronous
 * FULL) is the durable copy; this one is renamed into place (never half-written) but not fsynced, so a
 * power cut may leave an older or empty job.json, which a rebuild reports and skips.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  jobStatuses,
  trainerKinds,
  type Job,
  type JobStatus,
  type TrainerKind,
} from '../../../shared/contract';
import { abilitiesOf } from './job-abilities';
import { legacyReasonCode } from './legacy-reason-codes';
import { readStoredConfig } from './stored-config';

export const jobFileName = 'job.json';

/** What job.json holds: the job, and once it was deleted from the queue (folder kept), when. */
export type JobFile = Job & { deletedAt?: string };

export function runsDirOf(dataDir: string): string {
  return join(dataDir, 'runs');
}

export function writeJobFile(job: Job, deletedAt?: string): void {
  mkdirSync(job.runDir, { recursive: true });
  const file = join(job.runDir, jobFileName);
  const temp = join(job.runDir, `.${jobFileName}.${process.pid}.tmp`);
  const record: JobFile = deletedAt ? { ...job, deletedAt } : job;
  try {
    writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The first job.json of a new job, in a folder made for it: written in place (no temporary file to
 * rename: nothing older can be half-replaced), which saves a file-system round trip per enqueue.
 */
export function createJobFile(job: Job): void {
  mkdirSync(job.runDir);
  writeFileSync(join(job.runDir, jobFileName), `${JSON.stringify(job, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
}

export interface ScannedJobFiles {
  jobs: JobFile[];
  /** Run folders whose job.json is missing, unreadable or not a job record. */
  unreadable: string[];
}

/** Every run folder's job.json, checked by `isJob`; folders without one are reported, not fatal. */
export function scanJobFiles(runsDir: string, isJob: (value: unknown) => boolean): ScannedJobFiles {
  const result: ScannedJobFiles = { jobs: [], unreadable: [] };
  if (!existsSync(runsDir)) return result;
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(runsDir, entry.name);
    try {
      const value = withReadableConfig(
        JSON.parse(readFileSync(join(folder, jobFileName), 'utf8')) as Record<string, unknown>,
      );
      const { deletedAt, ...job } = value;
      if (!isJob(job) || (deletedAt !== undefined && typeof deletedAt !== 'string')) {
        result.unreadable.push(folder);
        continue;
      }
      result.jobs.push(value as JobFile);
    } catch {
      result.unreadable.push(folder);
    }
  }
  return result;
}

/**
 * A job.json written before the config was typed: its config read as queue.db's would be. One written
 * before jobs carried a reason code, who canceled them, their abilities and a chosen resume point:
 * those as queue.db's migrations give them (the abilities are made again from the row when it is read back).
 */
function withReadableConfig(value: Record<string, unknown>): Record<string, unknown> {
  const trainer = value.trainer;
  if (typeof trainer !== 'string' || !(trainerKinds as readonly string[]).includes(trainer)) return value;
  const { config, problem } = readStoredConfig(trainer as TrainerKind, value.config);
  const status = value.status as JobStatus;
  const later = {
    reasonCode: legacyReasonCode(status, typeof value.errorReason === 'string' ? value.errorReason : null),
    canceledBy: null,
    canceledAt: null,
    resumeFrom: null,
    abilities: abilitiesOf({
      id: String(value.id),
      status: (jobStatuses as readonly unknown[]).includes(status) ? status : 'failed',
      trainer: trainer as TrainerKind,
      savedState: null,
    }),
  };
  return { ...later, ...value, config, configProblem: problem ?? null };
}
