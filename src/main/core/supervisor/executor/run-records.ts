/**
 * python-bridge's records in a run folder (bridge-protocol.md): `launch.json`, written when the
 * trainer started, and `exit.json`, written once no process of the tree is left. Read defensively:
 * a damaged file is "no record", never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessIdentity } from '../../platform/process-identity';

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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

/** The launch record (the wrapper's one-line answer has the same shape), or null if it is not one. */
export function parseLaunchRecord(value: unknown): LaunchRecord | null {
  if (!isObject(value) || value.format !== 1 || !isObject(value.wrapper) || !isObject(value.trainer))
    return null;
  const wrapperPid = int(value.wrapper.pid);
  const trainerPid = int(value.trainer.pid);
  const jobId = str(value.job_id);
  if (wrapperPid === null || trainerPid === null || jobId === null) return null;
  const bootId = str(value.wrapper.boot_id);
  return {
    jobId,
    runDir: str(value.run_dir) ?? '',
    cwd: str(value.cwd) ?? '',
    argv: Array.isArray(value.argv) ? value.argv.filter((a): a is string => typeof a === 'string') : [],
    startedAt: str(value.started_at) ?? '',
    graceSeconds: typeof value.grace_s === 'number' ? value.grace_s : 15,
    watch: Array.isArray(value.watch) ? value.watch.filter((a): a is string => typeof a === 'string') : [],
    wrapper: { pid: wrapperPid, startTime: str(value.wrapper.start_time), bootId },
    trainer: {
      pid: trainerPid,
      startTime: str(value.trainer.start_time),
      bootId,
      pgid: int(value.trainer.pgid) ?? trainerPid,
    },
  };
}

export function parseExitRecord(value: unknown): ExitRecord | null {
  if (!isObject(value) || value.format !== 1) return null;
  const jobId = str(value.job_id);
  if (jobId === null) return null;
  return {
    jobId,
    exitCode: int(value.exit_code),
    signal: str(value.signal),
    startedAt: str(value.started_at) ?? '',
    endedAt: str(value.ended_at) ?? '',
    stopRequestedBy: str(value.stop_requested_by),
    escalatedToSigkill: value.escalated_to_sigkill === true,
    descendantsKilled: int(value.descendants_killed) ?? 0,
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export const readLaunchRecord = (runDir: string): LaunchRecord | null =>
  parseLaunchRecord(readJson(join(runDir, 'launch.json')));
export const readExitRecord = (runDir: string): ExitRecord | null =>
  parseExitRecord(readJson(join(runDir, 'exit.json')));
