/**
 * The jobs table's columns and their mapping to the contract's Job. Pure: JSON columns are parsed here
 * and nowhere else. Migrations append to the list; never edit a migration that has shipped.
 */
import type {
  CanceledBy,
  Job,
  JobAbility,
  JobProcess,
  JobProgress,
  JobReasonCode,
  JobStatus,
  JobSummary,
  TrainerKind,
} from '../../../shared/contract';
import { abilitiesOf } from './job-abilities';
import { legacyReasonCodeSql } from './legacy-reason-codes';
import { isFinished } from './job-states';
import { parseStoredConfig } from './stored-config';

export const queueMigrations: readonly string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     trainer TEXT NOT NULL,
     config TEXT NOT NULL,
     gpu_request TEXT NOT NULL,
     position INTEGER NOT NULL UNIQUE,
     status TEXT NOT NULL,
     assigned_gpus TEXT,
     master_port INTEGER,
     process TEXT,
     run_dir TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     exit_code INTEGER,
     exit_signal TEXT,
     error_reason TEXT,
     error_hint TEXT,
     last_progress TEXT,
     attempt INTEGER NOT NULL DEFAULT 1,
     retried_from TEXT REFERENCES jobs(id) ON DELETE SET NULL,
     cloned_from TEXT REFERENCES jobs(id) ON DELETE SET NULL,
     resume INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX jobs_by_status ON jobs(status, position);
   CREATE INDEX jobs_by_retried_from ON jobs(retried_from);
   CREATE INDEX jobs_by_cloned_from ON jobs(cloned_from);
   CREATE TABLE queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,
  // 2: queued jobs that ask for no GPU, in order: they may start when every GPU is taken, so a
  // dispatch finds them without reading the whole queue.
  `CREATE INDEX jobs_queued_without_gpus ON jobs(position)
     WHERE status = 'queued' AND json_extract(gpu_request, '$.count') = 0;`,
  // 3: why a finished job ended as a code, who canceled it and when, and whether a resumed retry would
  // find a saved state (looked for when it ended). Jobs that ended before get the code their state and
  // sentence tell (legacy-reason-codes.ts); who canceled them is not known.
  `ALTER TABLE jobs ADD COLUMN reason_code TEXT;
   ALTER TABLE jobs ADD COLUMN canceled_by TEXT;
   ALTER TABLE jobs ADD COLUMN canceled_at TEXT;
   ALTER TABLE jobs ADD COLUMN saved_state TEXT;
   UPDATE jobs SET reason_code = ${legacyReasonCodeSql()}
     WHERE status IN ('succeeded', 'failed', 'canceled', 'interrupted');`,
  // 4: jobs.list newest first within a state: an index on the state alone holds each state's jobs in
  // rowid (creation) order, so a page is an index range, not a sort of the state's jobs.
  `CREATE INDEX jobs_by_status_newest ON jobs(status);`,
  // 5: the saved state a resumed retry was asked to continue from (jobs.retry's `from`); null: the newest.
  `ALTER TABLE jobs ADD COLUMN resume_from TEXT;`,
];

/** Columns of a summary (everything but the config). */
export const summaryColumns =
  'id, name, trainer, gpu_request, position, status, assigned_gpus, master_port, process, run_dir, ' +
  'created_at, updated_at, started_at, finished_at, exit_code, exit_signal, error_reason, error_hint, ' +
  'last_progress, attempt, retried_from, cloned_from, resume, reason_code, canceled_by, canceled_at, saved_state, ' +
  'resume_from';

export interface JobRow {
  id: string;
  name: string;
  trainer: string;
  config?: string;
  gpu_request: string;
  position: number;
  status: string;
  assigned_gpus: string | null;
  master_port: number | null;
  process: string | null;
  run_dir: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  exit_signal: string | null;
  error_reason: string | null;
  error_hint: string | null;
  last_progress: string | null;
  attempt: number;
  retried_from: string | null;
  cloned_from: string | null;
  resume: number;
  reason_code: string | null;
  canceled_by: string | null;
  canceled_at: string | null;
  /** The resume ability found when the job ended (JSON); null: not looked for, or not finished. */
  saved_state: string | null;
  /** Set when it is made, never changed (so not among mutableColumns). */
  resume_from: string | null;
}

const parseOrNull = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function rowToSummary(row: JobRow): JobSummary {
  const status = row.status as JobStatus;
  const trainer = row.trainer as TrainerKind;
  return {
    id: row.id,
    name: row.name,
    trainer,
    status,
    position: row.position,
    gpus: JSON.parse(row.gpu_request) as JobSummary['gpus'],
    assignedGpus: parseOrNull<string[]>(row.assigned_gpus),
    masterPort: row.master_port,
    process: parseOrNull<JobProcess>(row.process),
    runDir: row.run_dir,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    exitSignal: row.exit_signal,
    errorReason: row.error_reason,
    errorHint: row.error_hint,
    lastProgress: parseOrNull<JobProgress>(row.last_progress),
    attempt: row.attempt,
    retriedFrom: row.retried_from,
    clonedFrom: row.cloned_from,
    resume: row.resume !== 0,
    resumeFrom: row.resume_from ?? null,
    reasonCode: row.reason_code as JobReasonCode | null,
    canceledBy: parseOrNull<CanceledBy>(row.canceled_by),
    canceledAt: row.canceled_at,
    abilities: abilitiesOf({
      id: row.id,
      status,
      trainer,
      savedState: parseOrNull<JobAbility>(row.saved_state ?? null),
    }),
  };
}

export function rowToJob(row: JobRow): Job {
  const summary = rowToSummary(row);
  const { config, problem } = parseStoredConfig(summary.trainer, row.config);
  return { ...summary, config, configProblem: problem ?? null };
}

export function jobToSummary(job: Job): JobSummary {
  const summary: JobSummary & { config?: unknown; configProblem?: unknown } = { ...job };
  delete summary.config;
  delete summary.configProblem;
  return summary;
}

/** Columns a job's changes may write (not its id, config or creation time). */
export const mutableColumns = [
  'name',
  'trainer',
  'gpu_request',
  'position',
  'status',
  'assigned_gpus',
  'master_port',
  'process',
  'run_dir',
  'updated_at',
  'started_at',
  'finished_at',
  'exit_code',
  'exit_signal',
  'error_reason',
  'error_hint',
  'last_progress',
  'attempt',
  'retried_from',
  'cloned_from',
  'resume',
  'reason_code',
  'canceled_by',
  'canceled_at',
  'saved_state',
] as const satisfies readonly (keyof JobRow)[];

export const updateJobSql = `UPDATE jobs SET ${mutableColumns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;

/** Named parameters for updateJobSql. */
export function jobToUpdate(job: Job): Record<(typeof mutableColumns)[number] | 'id', unknown> {
  const row = jobToRow(job);
  return Object.fromEntries([...mutableColumns, 'id' as const].map((c) => [c, row[c]])) as Record<
    (typeof mutableColumns)[number] | 'id',
    unknown
  >;
}

/** Named parameters for an INSERT of every column. */
export function jobToRow(job: Job): Required<JobRow> {
  return {
    id: job.id,
    name: job.name,
    trainer: job.trainer,
    config: JSON.stringify(job.config),
    gpu_request: JSON.stringify(job.gpus),
    position: job.position,
    status: job.status,
    assigned_gpus: job.assignedGpus === null ? null : JSON.stringify(job.assignedGpus),
    master_port: job.masterPort,
    process: job.process === null ? null : JSON.stringify(job.process),
    run_dir: job.runDir,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    exit_code: job.exitCode,
    exit_signal: job.exitSignal,
    error_reason: job.errorReason,
    error_hint: job.errorHint,
    last_progress: job.lastProgress === null ? null : JSON.stringify(job.lastProgress),
    attempt: job.attempt,
    retried_from: job.retriedFrom,
    cloned_from: job.clonedFrom,
    resume: job.resume ? 1 : 0,
    reason_code: job.reasonCode,
    canceled_by: job.canceledBy === null ? null : JSON.stringify(job.canceledBy),
    canceled_at: job.canceledAt,
    // What the ability to resume was made of when it ended (it is recomputed from this when read).
    saved_state: isFinished(job.status) ? JSON.stringify(job.abilities.resume) : null,
    resume_from: job.resumeFrom,
  };
}

export const insertJobSql =
  'INSERT INTO jobs (id, name, trainer, config, gpu_request, position, status, assigned_gpus, master_port, ' +
  'process, run_dir, created_at, updated_at, started_at, finished_at, exit_code, exit_signal, error_reason, ' +
  'error_hint, last_progress, attempt, retried_from, cloned_from, resume, reason_code, canceled_by, ' +
  'canceled_at, saved_state, resume_from) VALUES (@id, @name, @trainer, ' +
  '@config, @gpu_request, @position, @status, @assigned_gpus, @master_port, @process, @run_dir, @created_at, ' +
  '@updated_at, @started_at, @finished_at, @exit_code, @exit_signal, @error_reason, @error_hint, ' +
  '@last_progress, @attempt, @retried_from, @cloned_from, @resume, @reason_code, @canceled_by, ' +
  '@canceled_at, @saved_state, @resume_from)';
