/**
 * python-bridge's records in a run folder: `launch.json`, written when the trainer started, and
 * `exit.json`, written once no process of the tree is left; and the events of `events.jsonl`. Each is
 * checked against its schema in the contract (contract/bridge-files.ts) before anything reads it: a
 * damaged or foreign file is "no record" with a sentence saying why, never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import {
  bridgeEventSchema,
  exitFileSchema,
  launchFileSchema,
  type BridgeEvent,
  type ExitFile,
  type LaunchFile,
} from '../../../../shared/contract/bridge-files';
import type { ProcessIdentity } from '../../platform/process-identity';
import { describeSchemaErrors } from '../../contract/schema-validators';

export interface LaunchRecord {
  jobId: string;
  runDir: string;
  cwd: string;
  argv: string[];
  startedAt: string;
  graceSeconds: number;
  watch: string[];
  wrapper: ProcessIdentity;
  trainer: ProcessIdentity & { pgid: number };
}

export interface ExitRecord {
  jobId: string;
  exitCode: number | null;
  signal: string | null;
  startedAt: string;
  endedAt: string;
  /** null: it ended by itself; "signal" or "stop_file:<who>": someone asked. */
  stopRequestedBy: string | null;
  escalatedToSigkill: boolean;
  descendantsKilled: number;
}

/** A record, or why there is none (in a sentence). */
export type RecordRead<T> = { ok: true; record: T } | { ok: false; reason: string };

const ajv = new Ajv({ allErrors: true, strict: true });
const isLaunchFile = ajv.compile<LaunchFile>(launchFileSchema);
const isExitFile = ajv.compile<ExitFile>(exitFileSchema);
const isBridgeEvent = ajv.compile<BridgeEvent>(bridgeEventSchema);

function check<T>(validate: ValidateFunction<T>, value: unknown, what: string): RecordRead<T> {
  if (validate(value)) return { ok: true, record: value };
  const why = describeSchemaErrors(validate.errors ?? [])
    .slice(0, 3)
    .map((d) => (d.path === '' ? d.message : `${d.path} ${d.message}`))
    .join('; ');
  return { ok: false, reason: `It is not ${what} python-bridge writes (${why}).` };
}

const launchOf = (file: LaunchFile): LaunchRecord => ({
  jobId: file.job_id,
  runDir: file.run_dir,
  cwd: file.cwd,
  argv: file.argv,
  startedAt: file.started_at,
  graceSeconds: file.grace_s,
  watch: file.watch,
  wrapper: { pid: file.wrapper.pid, startTime: file.wrapper.start_time, bootId: file.wrapper.boot_id },
  trainer: {
    pid: file.trainer.pid,
    startTime: file.trainer.start_time,
    bootId: file.wrapper.boot_id,
    pgid: file.trainer.pgid,
  },
});

const exitOf = (file: ExitFile): ExitRecord => ({
  jobId: file.job_id,
  exitCode: file.exit_code,
  signal: file.signal,
  startedAt: file.started_at,
  endedAt: file.ended_at,
  stopRequestedBy: file.stop_requested_by,
  escalatedToSigkill: file.escalated_to_sigkill,
  descendantsKilled: file.descendants_killed,
});

/** The launch record (the wrapper's one-line answer has the same shape), or why it is not one. */
export function checkLaunchRecord(value: unknown): RecordRead<LaunchRecord> {
  const read = check(isLaunchFile, value, 'a launch record');
  return read.ok ? { ok: true, record: launchOf(read.record) } : read;
}

export function checkExitRecord(value: unknown): RecordRead<ExitRecord> {
  const read = check(isExitFile, value, 'an exit record');
  return read.ok ? { ok: true, record: exitOf(read.record) } : read;
}

export const parseLaunchRecord = (value: unknown): LaunchRecord | null => {
  const read = checkLaunchRecord(value);
  return read.ok ? read.record : null;
};

export const parseExitRecord = (value: unknown): ExitRecord | null => {
  const read = checkExitRecord(value);
  return read.ok ? read.record : null;
};

/** One line of events.jsonl, or null for a damaged line or one that is not a bridge event. */
export function parseBridgeEvent(line: string): BridgeEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return isBridgeEvent(value) ? value : null;
}

function readRecordFile<T>(
  file: string,
  checkValue: (value: unknown) => RecordRead<T>,
): RecordRead<T> | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { ok: false, reason: `${file} cannot be read: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${file} is not JSON (cut short or damaged).` };
  }
  const read = checkValue(value);
  return read.ok ? read : { ok: false, reason: `${file}: ${read.reason}` };
}

/** launch.json of a run folder: null when there is none, else the record or why it is unreadable. */
export const readLaunchFile = (runDir: string): RecordRead<LaunchRecord> | null =>
  readRecordFile(join(runDir, 'launch.json'), checkLaunchRecord);
export const readExitFile = (runDir: string): RecordRead<ExitRecord> | null =>
  readRecordFile(join(runDir, 'exit.json'), checkExitRecord);

export const readLaunchRecord = (runDir: string): LaunchRecord | null => {
  const read = readLaunchFile(runDir);
  return read?.ok ? read.record : null;
};
export const readExitRecord = (runDir: string): ExitRecord | null => {
  const read = readExitFile(runDir);
  return read?.ok ? read.record : null;
};
