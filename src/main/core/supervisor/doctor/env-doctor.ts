/**
 * env.doctor: the machine's own checks (machine-checks.ts), then python-bridge's `doctor` run with each
 * trainer install's interpreter, in a child process (its imports take seconds to minutes and must never
 * block the host), under a time limit. What the child printed is read by a pure function; an install
 * that cannot be checked gets a state saying why. Each run has an id: its steps are announced as
 * progress, and canceling it ends its children (their whole process groups) at once.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { contractError, type TrainerInstalls } from '../../../../shared/contract';
import type {
  CancelDoctorAnswer,
  CancelDoctorRequest,
  DoctorAnswer,
  DoctorCheck,
  DoctorEntry,
  DoctorInstallName,
  DoctorProgress,
  DoctorReport,
  DoctorRequest,
  DoctorStep,
} from '../../../../shared/contract/env';
import { doctorInstallNames } from '../../../../shared/contract/env';
import { isJsonObject } from '../../../../shared/trainers/common/json-object';
import { HandlerError } from '../../contract/dispatcher';
import { statfsFreeSpace, type FreeSpaceProbe } from '../../data-dir/disk-space';
import {
  dataDiskLimits,
  diskCheck,
  driverCheck,
  measureFolder,
  outputDiskLimits,
  runNvidiaSmi,
} from './machine-checks';

/** How each install is named in sentences, and python-bridge's flag for its folder (none: generic). */
const labels: Record<DoctorInstallName, { label: string; flag: string | null }> = {
  sdScripts: { label: 'sd-scripts', flag: '--sd-scripts' },
  diffusionPipe: { label: 'diffusion-pipe', flag: '--diffusion-pipe' },
  generic: { label: 'the generic trainer', flag: null },
};

/** The doctor's own per-check limit plus this margin is the whole child's limit. */
const marginSeconds = 15;

export function doctorArgs(
  install: DoctorInstallName,
  folder: string,
  outputFolder: string | undefined,
  timeoutSeconds: number,
): string[] {
  const { flag } = labels[install];
  return [
    '-m',
    'dpgui_bridge',
    'doctor',
    ...(flag && folder ? [flag, folder] : []),
    ...(outputFolder ? ['--output', outputFolder] : []),
    '--timeout',
    String(timeoutSeconds),
  ];
}

/** The doctor prints one JSON object; an `error` object or anything else is said in a sentence. */
export function parseDoctorOutput(
  stdout: string,
): { ok: true; report: DoctorReport } | { ok: false; message: string } {
  const line = stdout.trim().split('\n').pop() ?? '';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, message: `It printed no report (${line.slice(0, 200) || 'nothing'}).` };
  }
  if (isJsonObject(value) && isJsonObject(value.error)) {
    return { ok: false, message: `python-bridge answered an error: ${String(value.error.message)}` };
  }
  if (
    !isJsonObject(value) ||
    typeof value.ok !== 'boolean' ||
    !isJsonObject(value.summary) ||
    !Array.isArray(value.checks)
  ) {
    return { ok: false, message: 'It printed something that is not a doctor report.' };
  }
  return { ok: true, report: value as DoctorReport };
}

export function verdictOf(label: string, report: DoctorReport): string {
  const { ok, warn, fail } = report.summary;
  // "the generic trainer" opens the sentence; "sd-scripts" keeps its own spelling.
  const head = label.startsWith('the ') ? `The ${label.slice(4)}` : label;
  if (fail > 0) {
    const first = report.checks.find((check) => check.status === 'fail');
    return `${head}: ${fail} check${fail === 1 ? '' : 's'} failed${first ? ` — ${first.message}` : '.'}`;
  }
  return `${head}: ${ok} check${ok === 1 ? '' : 's'} passed${warn > 0 ? `, ${warn} with a warning` : ''}.`;
}

export interface ChildResult {
  timedOut: boolean;
  /** Ended by a cancel. */
  canceled: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

/** Runs the interpreter in its own process group, so a time-out or a cancel ends its probes too. */
export function runChild(
  python: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(python, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let canceled = false;
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const cancel = (): void => {
      canceled = true;
      killGroup();
    };
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    };
    child.on('error', (error) => {
      settle();
      resolve({ timedOut, canceled, code: null, stdout, stderr, spawnError: error.message });
    });
    child.on('close', (code) => {
      settle();
      resolve({ timedOut, canceled, code, stdout, stderr });
    });
  });
}

export interface EnvDoctorOptions {
  installs: () => TrainerInstalls;
  /** The folder to put on PYTHONPATH for dpgui_bridge; null when python-bridge was not found. */
  bridgeDir: () => string | null;
  /** Extra wait after the doctor's own limit (tests shorten it). */
  marginSeconds?: number;
  /** The data folder, whose free space is a machine check; none: not checked. */
  dataDir?: string;
  /** The nvidia-smi to run for the driver check (default `nvidia-smi` on PATH). */
  nvidiaSmi?: string;
  /** Free bytes at a folder (default: statfs); a seam for tests. */
  freeSpace?: FreeSpaceProbe;
  /** Each step's start and end (env.doctorProgress). */
  onProgress?: (progress: DoctorProgress) => void;
}

/** One install's entry before anything ran: the settings as they are, no report. */
type EntryBase = Pick<DoctorEntry, 'install' | 'python' | 'folder' | 'report'>;

export function createEnvDoctor(options: EnvDoctorOptions) {
  const runs = new Map<string, AbortController>();

  const machineChecks = async (request: DoctorRequest, signal: AbortSignal): Promise<DoctorCheck[]> => {
    const freeSpace = options.freeSpace ?? statfsFreeSpace;
    const checks = [driverCheck(await runNvidiaSmi(options.nvidiaSmi ?? 'nvidia-smi', signal))];
    if (options.dataDir)
      checks.push(
        diskCheck('disk.data', 'the data folder', measureFolder(options.dataDir, freeSpace), dataDiskLimits),
      );
    if (request.outputFolder)
      checks.push(
        diskCheck(
          'disk.output',
          'the output folder',
          measureFolder(request.outputFolder, freeSpace),
          outputDiskLimits,
        ),
      );
    return checks;
  };

  /** Why the install cannot be run, as its entry; null when it can. */
  const notRunnable = (name: DoctorInstallName, base: EntryBase): DoctorEntry | null => {
    const { label } = labels[name];
    const setting = `Settings → Trainers → ${label}`;
    const needsFolder = labels[name].flag !== null;
    if (base.python.trim() === '' || (needsFolder && base.folder.trim() === '')) {
      const field = base.python.trim() === '' ? 'python' : 'folder';
      const what = field === 'python' ? 'Python interpreter' : 'folder';
      return {
        ...base,
        state: 'not-set-up',
        message: `The install of ${label} is not set up: set its ${what} in ${setting} (trainers.${name}.${field}).`,
      };
    }
    if (!existsSync(base.python)) {
      return {
        ...base,
        state: 'interpreter-missing',
        message: `The interpreter of ${label}, ${base.python}, does not exist: fix it in ${setting} (trainers.${name}.python).`,
      };
    }
    if (base.folder.trim() !== '' && !existsSync(base.folder)) {
      return {
        ...base,
        state: 'folder-missing',
        message: `The folder of ${label}, ${base.folder}, does not exist: fix it in ${setting} (trainers.${name}.folder).`,
      };
    }
    return null;
  };

  const checkOne = async (
    name: DoctorInstallName,
    request: DoctorRequest,
    bridgeDir: string | null,
    signal: AbortSignal,
  ): Promise<DoctorEntry> => {
    const install = options.installs()[name];
    const { label } = labels[name];
    const base: EntryBase = { install: name, python: install.python, folder: install.folder, report: null };
    const canceled: DoctorEntry = {
      ...base,
      state: 'canceled',
      message: `The check of ${label} was canceled.`,
    };
    const refused = notRunnable(name, base);
    if (refused) return refused;
    if (!bridgeDir) {
      return {
        ...base,
        state: 'failed',
        message: 'python-bridge, which runs the doctor, was not found beside the app: reinstall DPGui.',
      };
    }
    if (signal.aborted) return canceled;
    const timeoutSeconds = request.timeoutSeconds ?? 60;
    const limitSeconds = timeoutSeconds + (options.marginSeconds ?? marginSeconds);
    const existingPath = process.env.PYTHONPATH;
    const result = await runChild(
      install.python,
      doctorArgs(name, install.folder, request.outputFolder, timeoutSeconds),
      {
        cwd: bridgeDir,
        env: {
          ...process.env,
          ...('env' in install ? install.env : {}),
          PYTHONPATH: existingPath ? `${bridgeDir}:${existingPath}` : bridgeDir,
          PYTHONUNBUFFERED: '1',
        },
        timeoutMs: limitSeconds * 1000,
        signal,
      },
    );
    if (result.canceled) return canceled;
    if (result.timedOut) {
      return {
        ...base,
        state: 'timed-out',
        message: `The doctor of ${label} did not finish within ${limitSeconds} s: run \`${install.python} -c "import torch"\` by hand to see where it hangs.`,
      };
    }
    if (result.spawnError) {
      return {
        ...base,
        state: 'failed',
        message: `${install.python} could not be run: ${withoutFinalDot(result.spawnError)}.`,
      };
    }
    const parsed = parseDoctorOutput(result.stdout);
    if (!parsed.ok) {
      const tail = result.stderr.trim().split('\n').slice(-3).join(' ');
      return {
        ...base,
        state: 'failed',
        message: `The doctor of ${label} failed (exit ${result.code ?? 'by a signal'}). ${parsed.message}${tail ? ` ${tail}` : ''}`,
      };
    }
    return { ...base, state: 'checked', message: verdictOf(label, parsed.report), report: parsed.report };
  };

  const doctor = async (request: DoctorRequest): Promise<DoctorAnswer> => {
    const runId = request.runId ?? randomUUID();
    if (runs.has(runId))
      throw new HandlerError(
        contractError(
          'conflict',
          `A doctor run named "${runId}" is under way: wait for it, or cancel it first.`,
        ),
      );
    const controller = new AbortController();
    runs.set(runId, controller);
    const { signal } = controller;
    try {
      const names = doctorInstallNames.filter((name) => !request.installs || request.installs.includes(name));
      const total = 1 + names.length;
      let done = 0;
      const report = (step: DoctorStep, state: DoctorProgress['state'], message: string): void => {
        if (state !== 'running') done += 1;
        options.onProgress?.({ runId, step, state, done, total, message });
      };
      report('machine', 'running', 'Checking the NVIDIA driver and free disk space.');
      const machine = await machineChecks(request, signal);
      report('machine', signal.aborted ? 'canceled' : 'done', machineVerdict(machine));
      const bridgeDir = options.bridgeDir();
      const installs = await Promise.all(
        names.map(async (name) => {
          if (!signal.aborted) report(name, 'running', `Checking ${labels[name].label}.`);
          const entry = await checkOne(name, request, bridgeDir, signal);
          report(name, entry.state === 'canceled' ? 'canceled' : 'done', entry.message);
          return entry;
        }),
      );
      return { runId, machine, installs };
    } finally {
      runs.delete(runId);
    }
  };

  const cancel = (request: CancelDoctorRequest): CancelDoctorAnswer => {
    const ids =
      request.runId === undefined ? [...runs.keys()] : runs.has(request.runId) ? [request.runId] : [];
    for (const id of ids) runs.get(id)?.abort();
    return { canceled: ids };
  };

  return Object.assign(doctor, { cancel });
}

function machineVerdict(checks: DoctorCheck[]): string {
  const failed = checks.find((check) => check.status === 'fail');
  if (failed) return failed.message;
  const warned = checks.find((check) => check.status === 'warn');
  return warned ? warned.message : 'The driver and the disks are fine.';
}

function withoutFinalDot(text: string): string {
  return text.replace(/[.\s]+$/, '');
}
