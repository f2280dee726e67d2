/**
 * env.doctor: python-bridge's `doctor` run with each trainer install's interpreter, in a child process
 * (its imports take seconds to minutes and must never block the host), under a time limit. What the
 * child printed is read by a pure function; an install that cannot be checked gets a state saying why.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TrainerInstalls } from '../../../../shared/contract';
import type {
  DoctorAnswer,
  DoctorEntry,
  DoctorInstallName,
  DoctorReport,
  DoctorRequest,
} from '../../../../shared/contract/env';
import { doctorInstallNames } from '../../../../shared/contract/env';
import { isJsonObject } from '../../../../shared/trainers/common/json-object';

const labels: Record<DoctorInstallName, { label: string; flag: string }> = {
  sdScripts: { label: 'sd-scripts', flag: '--sd-scripts' },
  diffusionPipe: { label: 'diffusion-pipe', flag: '--diffusion-pipe' },
};

/** The doctor's own per-check limit plus this margin is the whole child's limit. */
const marginSeconds = 15;

export function doctorArgs(
  install: DoctorInstallName,
  folder: string,
  outputFolder: string | undefined,
  timeoutSeconds: number,
): string[] {
  return [
    '-m',
    'dpgui_bridge',
    'doctor',
    labels[install].flag,
    folder,
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
  if (fail > 0) {
    const first = report.checks.find((check) => check.status === 'fail');
    return `${label}: ${fail} check${fail === 1 ? '' : 's'} failed${first ? ` — ${first.message}` : '.'}`;
  }
  return `${label}: ${ok} checks passed${warn > 0 ? `, ${warn} with a warning` : ''}.`;
}

export interface ChildResult {
  timedOut: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

/** Runs the interpreter in its own process group, so a time-out ends its probes too. */
export function runChild(
  python: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
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
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ timedOut, code: null, stdout, stderr, spawnError: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ timedOut, code, stdout, stderr });
    });
  });
}

export interface EnvDoctorOptions {
  installs: () => TrainerInstalls;
  /** The folder to put on PYTHONPATH for dpgui_bridge; null when python-bridge was not found. */
  bridgeDir: () => string | null;
  /** Extra wait after the doctor's own limit (tests shorten it). */
  marginSeconds?: number;
}

export function createEnvDoctor(options: EnvDoctorOptions) {
  const checkOne = async (
    name: DoctorInstallName,
    request: DoctorRequest,
    bridgeDir: string | null,
  ): Promise<DoctorEntry> => {
    const install = options.installs()[name];
    const { label } = labels[name];
    const base = { install: name, python: install.python, folder: install.folder, report: null };
    const setting = `Settings → Trainers → ${label}`;
    if (install.python.trim() === '' || install.folder.trim() === '') {
      return {
        ...base,
        state: 'not-set-up',
        message: `The ${label} install is not set up: set its ${install.python.trim() === '' ? 'Python interpreter' : 'folder'} in ${setting}.`,
      };
    }
    if (!existsSync(install.python)) {
      return {
        ...base,
        state: 'interpreter-missing',
        message: `The ${label} install's interpreter ${install.python} does not exist: fix it in ${setting}.`,
      };
    }
    if (!bridgeDir) {
      return {
        ...base,
        state: 'failed',
        message: 'python-bridge, which runs the doctor, was not found beside the app: reinstall DPGui.',
      };
    }
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
          ...install.env,
          PYTHONPATH: existingPath ? `${bridgeDir}:${existingPath}` : bridgeDir,
          PYTHONUNBUFFERED: '1',
        },
        timeoutMs: limitSeconds * 1000,
      },
    );
    if (result.timedOut) {
      return {
        ...base,
        state: 'timed-out',
        message: `The ${label} doctor did not finish within ${limitSeconds} s: run \`${install.python} -c "import torch"\` by hand to see where it hangs.`,
      };
    }
    if (result.spawnError) {
      return {
        ...base,
        state: 'failed',
        message: `${install.python} could not be run: ${result.spawnError}.`,
      };
    }
    const parsed = parseDoctorOutput(result.stdout);
    if (!parsed.ok) {
      const tail = result.stderr.trim().split('\n').slice(-3).join(' ');
      return {
        ...base,
        state: 'failed',
        message: `The ${label} doctor failed (exit ${result.code ?? 'by a signal'}). ${parsed.message}${tail ? ` ${tail}` : ''}`,
      };
    }
    return { ...base, state: 'checked', message: verdictOf(label, parsed.report), report: parsed.report };
  };

  return async (request: DoctorRequest): Promise<DoctorAnswer> => {
    const names = doctorInstallNames.filter((name) => !request.installs || request.installs.includes(name));
    const bridgeDir = options.bridgeDir();
    return { installs: await Promise.all(names.map((name) => checkOne(name, request, bridgeDir))) };
  };
}
