/**
 * The doctor's checks of the machine itself, made without any trainer install: the NVIDIA driver and
 * the highest CUDA version it supports (nvidia-smi's banner, as the managed installs read it to choose
 * torch's CUDA build), and the free space in the data folder and in the output folder. The readings
 * are pure functions of what nvidia-smi printed and what the disk said; running them is a seam.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DoctorCheck } from '../../../../shared/contract/env';
import type { FreeSpaceProbe } from '../../data-dir/disk-space';
import { firstLine } from '../../platform/first-line';

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

export interface DriverFacts {
  driverVersion: string;
  /** The highest CUDA version the driver supports; null where the banner names none. */
  cudaVersion: string | null;
}

/** "| NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |" → its two versions. */
export function parseNvidiaSmiBanner(text: string): DriverFacts | null {
  const driver = /Driver Version:\s*([0-9][0-9.]*)/.exec(text);
  if (!driver?.[1]) return null;
  const cuda = /CUDA Version:\s*([0-9][0-9.]*)/.exec(text);
  return { driverVersion: driver[1], cudaVersion: cuda?.[1] ?? null };
}

/** What running plain `nvidia-smi` gave. */
export type SmiRun =
  | { kind: 'missing'; command: string }
  | { kind: 'failed'; command: string; said: string }
  | { kind: 'printed'; command: string; stdout: string }
  | { kind: 'canceled' };

export function driverCheck(run: SmiRun): DoctorCheck {
  const id = 'nvidia.driver';
  if (run.kind === 'canceled')
    return {
      id,
      status: 'warn',
      message: 'Not checked: the doctor was canceled before nvidia-smi answered.',
    };
  if (run.kind === 'missing') {
    return {
      id,
      status: 'warn',
      message: `nvidia-smi was not found (${run.command}), so no NVIDIA driver is visible: install the NVIDIA driver (it brings nvidia-smi) to train on a GPU; until then jobs can only ask for 0 GPUs.`,
    };
  }
  const facts = run.kind === 'printed' ? parseNvidiaSmiBanner(run.stdout) : null;
  if (!facts) {
    const said = run.kind === 'failed' ? run.said : firstLine(run.stdout);
    return {
      id,
      status: 'fail',
      message: `nvidia-smi did not report a driver${said ? ` (${said})` : ''}: the NVIDIA driver is not working; reboot, or reinstall the driver.`,
    };
  }
  return {
    id,
    status: 'ok',
    message: facts.cudaVersion
      ? `NVIDIA driver ${facts.driverVersion}, which supports CUDA up to ${facts.cudaVersion}.`
      : `NVIDIA driver ${facts.driverVersion} (nvidia-smi names no CUDA version).`,
    driver_version: facts.driverVersion,
    cuda_version: facts.cudaVersion,
  };
}

/** Runs plain `nvidia-smi` (the banner), under a time limit; canceled by `signal`. */
export function runNvidiaSmi(command: string, signal: AbortSignal, timeoutMs = 10_000): Promise<SmiRun> {
  return new Promise((done) => {
    execFile(command, [], { timeout: timeoutMs, signal, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (signal.aborted) return done({ kind: 'canceled' });
      if (!error) return done({ kind: 'printed', command, stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return done({ kind: 'missing', command });
      const said =
        firstLine(`${stdout}\n${stderr}`) ||
        (error.killed ? `no answer within ${timeoutMs / 1000} s` : error.message);
      done({ kind: 'failed', command, said });
    });
  });
}

/** Below `fail` a check fails, below `warn` it warns. */
export interface DiskLimits {
  fail: number;
  warn: number;
}

/** The data folder holds the queue, logs and thumbnails; a few GiB keep it going. */
export const dataDiskLimits: DiskLimits = { fail: 1024 ** 3, warn: 5 * 1024 ** 3 };
/** Checkpoints and saved states are large (the same limits as python-bridge's output check). */
export const outputDiskLimits: DiskLimits = { fail: 2 * 1024 ** 3, warn: 20 * 1024 ** 3 };

export interface DiskFacts {
  /** The folder asked about. */
  path: string;
  /** The nearest folder that exists (the path itself, or where it would be created). */
  measuredAt: string;
  free: number | null;
  writable: boolean;
}

/** Free space and write access at a folder, measured where it is or would be created. */
export function measureFolder(path: string, freeSpace: FreeSpaceProbe): DiskFacts {
  let existing = resolve(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let writable = true;
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    writable = false;
  }
  return { path: resolve(path), measuredAt: existing, free: freeSpace(existing), writable };
}

export function diskCheck(
  id: 'disk.data' | 'disk.output',
  what: string,
  facts: DiskFacts,
  limits: DiskLimits,
): DoctorCheck {
  const where =
    facts.measuredAt === facts.path
      ? facts.path
      : `${facts.path} (to be created; measured at ${facts.measuredAt})`;
  const details = { path: facts.path, free_bytes: facts.free };
  if (!facts.writable)
    return {
      id,
      status: 'fail',
      message: `${what.charAt(0).toUpperCase()}${what.slice(1)} ${where} is not writable: choose a folder you can write to.`,
      ...details,
    };
  if (facts.free === null)
    return {
      id,
      status: 'warn',
      message: `The free space for ${what} at ${where} could not be read.`,
      ...details,
    };
  if (facts.free < limits.fail)
    return {
      id,
      status: 'fail',
      message: `Only ${gib(facts.free)} free for ${what} at ${where}: free space before training.`,
      ...details,
    };
  if (facts.free < limits.warn)
    return {
      id,
      status: 'warn',
      message: `Only ${gib(facts.free)} free for ${what} at ${where}: keep more free, or a training may fill it.`,
      ...details,
    };
  return { id, status: 'ok', message: `${gib(facts.free)} free for ${what} at ${where}.`, ...details };
}
