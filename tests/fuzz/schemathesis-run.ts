/**
 * Schemathesis (a third-party OpenAPI fuzzer, from PyPI, in a throwaway venv) against a running
 * `dpgui serve`: every operation of /api/openapi.json, every check that applies to a single-user API.
 *
 * The fuzzed host runs as an unprivileged user (nobody, via setpriv, when we are root) on a throwaway
 * data folder, with a fake nvidia-smi first on PATH and no trainer installed: made-up paths and
 * launches that later channels take cannot touch the machine. Used by `npm run test:fuzz` and the
 * bench case host.fuzz_rss_delta.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchHost, type RunningHost } from '../support/launch-headless-host';
import { withSeededExamples, type SeededIds } from './seed-fuzz-data';

export const schemathesisVersion = '4.32.5';
const repoRoot = join(import.meta.dirname, '..', '..');
const defaultVenv = join(repoRoot, 'node_modules', '.cache', 'dpgui-fuzz-venv');
/** The user the fuzzed host runs as when we are root. */
export const nobody = 65534;

export type VenvResult = { ok: true; schemathesis: string } | { ok: false; reason: string };

/** The venv with the pinned Schemathesis, made on first use; a reason if it cannot be made. */
export function ensureSchemathesis(
  venv = process.env.DPGUI_FUZZ_VENV ?? defaultVenv,
  budgetMs = 300_000,
): VenvResult {
  const schemathesis = join(venv, 'bin', 'schemathesis');
  const installed = (): boolean =>
    existsSync(schemathesis) &&
    spawnSync(schemathesis, ['--version'], { encoding: 'utf8' }).stdout.includes(schemathesisVersion);
  if (installed()) return { ok: true, schemathesis };
  const started = Date.now();
  const made = spawnSync('python3', ['-m', 'venv', '--clear', venv], { encoding: 'utf8', timeout: 60_000 });
  if (made.status !== 0) {
    return {
      ok: false,
      reason: `python3 -m venv failed (${(made.stderr || made.error?.message || '').trim()})`,
    };
  }
  const pip = spawnSync(
    join(venv, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${schemathesisVersion}`],
    { encoding: 'utf8', timeout: Math.max(1000, budgetMs - (Date.now() - started)) },
  );
  if (pip.status !== 0 || !installed()) {
    const why = pip.error?.message ?? pip.stderr.trim().split('\n').slice(-1)[0] ?? 'unknown';
    return { ok: false, reason: `pip could not install schemathesis ${schemathesisVersion} (${why})` };
  }
  return { ok: true, schemathesis };
}

export interface FuzzPlace {
  root: string;
  dataDir: string;
  home: string;
  bin: string;
  /** Prefix that runs a command as nobody, or none when we are not root (then we are unprivileged). */
  wrapper: string[];
}

/** A throwaway folder owned by the user the host runs as, and a fake nvidia-smi with one idle GPU. */
export function makeFuzzPlace(): FuzzPlace {
  const root = mkdtempSync(join(tmpdir(), 'dpgui-fuzz-'));
  const place = { root, dataDir: join(root, 'data'), home: join(root, 'home'), bin: join(root, 'bin') };
  for (const dir of [place.dataDir, place.home, place.bin]) mkdirSync(dir);
  writeFileSync(
    join(place.bin, 'nvidia-smi'),
    '#!/bin/sh\n# A made-up GPU for the fuzzed host; no real one is ever asked.\n' +
      'case "$*" in\n' +
      '  *--query-gpu*) echo "0, GPU-00000000-0000-0000-0000-000000000000, Fake GPU, 24576, 0, 0, 30" ;;\n' +
      'esac\nexit 0\n',
    { mode: 0o755 },
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(root, 0o755);
    for (const dir of [place.dataDir, place.home]) chownSync(dir, nobody, nobody);
  }
  const wrapper = asRoot ? ['setpriv', `--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups'] : [];
  return { ...place, wrapper };
}

export async function launchFuzzHost(
  place: FuzzPlace,
  extraEnv: Record<string, string> = {},
): Promise<RunningHost> {
  return launchHost({
    dataDir: place.dataDir,
    wrapper: place.wrapper,
    // Relative paths a channel is given land in the throwaway folder, not in this checkout.
    cwd: place.home,
    checkResponses: true,
    env: {
      PATH: `${place.bin}:/usr/local/bin:/usr/bin:/bin`,
      HOME: place.home,
      LANG: 'C.UTF-8',
      ...extraEnv,
    },
  });
}

export interface FuzzRun {
  /** Test cases Schemathesis ran (all phases). */
  cases: number;
  /** Of those, the cases a check failed (or broke) on. */
  failedCases: number;
  operations: number;
  exitCode: number;
  output: string;
  /** The calls that named a seeded id (with `seeded`): how many, by HTTP status and by channel. */
  seededCalls: SeededCalls;
}

export interface SeededCalls {
  total: number;
  byStatus: Record<string, number>;
  /** Per channel: calls that named a seeded id, and of those the ones answered 2xx or 409. */
  byChannel: Record<string, { total: number; reached: number }>;
  /** Calls answered 2xx or 409: they got past the lookup of what they named. */
  reached: number;
}

export interface FuzzOptions {
  maxExamples?: number;
  /** Ids of real jobs, datasets and presets in the host: generated bodies name them (seeded_ids.py). */
  seeded?: SeededIds;
  /** Called with Schemathesis's output as it comes (the CLI shows it; the bench does not). */
  echo?: (text: string) => void;
}

/** Runs Schemathesis against a running host and counts the cases from its JSON report. */
export async function runSchemathesis(
  schemathesis: string,
  host: RunningHost,
  place: FuzzPlace,
  options: FuzzOptions = {},
): Promise<FuzzRun> {
  const schemaFile = join(place.root, 'openapi.json');
  const response = await fetch(`${host.origin}/api/openapi.json`, {
    headers: { Authorization: `Bearer ${host.token}` },
  });
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  const served = (await response.json()) as { paths: Record<string, unknown> };
  const schema = options.seeded ? withSeededExamples(served, options.seeded) : served;
  writeFileSync(schemaFile, JSON.stringify(schema));
  const reportDir = join(place.root, 'report');
  const args = [
    'run',
    schemaFile,
    '--url',
    host.origin,
    '--header',
    `Authorization: Bearer ${host.token}`,
    '--checks',
    'all',
    // Not for this API: schema-valid data can still name nothing (an unknown job id or cursor), and
    // there is one user, so no object-level authorization between users.
    '--exclude-checks',
    'positive_data_acceptance,object_level_authorization',
    '--max-examples',
    String(options.maxExamples ?? 40),
    '--workers',
    '2',
    '--seed',
    '7433',
    '--request-timeout',
    '20',
    '--report',
    'ndjson',
    '--report-dir',
    reportDir,
    '--output-truncate',
    'true',
    '--no-color',
  ];
  const record = join(place.root, 'seeded-calls.ndjson');
  const idsFile = join(place.root, 'seeded-ids.json');
  if (options.seeded) writeFileSync(idsFile, JSON.stringify({ ...options.seeded, record }));
  const child = spawn(schemathesis, args, {
    cwd: place.root,
    env: {
      ...process.env,
      HOME: place.root,
      SCHEMATHESIS_HOOKS: options.seeded ? join(import.meta.dirname, 'seeded_ids.py') : '',
      DPGUI_FUZZ_IDS: options.seeded ? idsFile : '',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const take = (d: Buffer): void => {
    output += d.toString();
    options.echo?.(d.toString());
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exitCode = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const counted = countCases(reportDir);
  return {
    cases: counted.cases,
    failedCases: counted.failed,
    operations: Object.keys(schema.paths).length,
    exitCode,
    output,
    seededCalls: countSeededCalls(record),
  };
}

export function countSeededCalls(record: string): SeededCalls {
  const calls: SeededCalls = { total: 0, byStatus: {}, byChannel: {}, reached: 0 };
  if (!existsSync(record)) return calls;
  for (const line of readFileSync(record, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { channel, status } = JSON.parse(line) as { channel: string; status: number };
    calls.total++;
    calls.byStatus[String(status)] = (calls.byStatus[String(status)] ?? 0) + 1;
    const reached = (status >= 200 && status < 300) || status === 409 ? 1 : 0;
    const counts = (calls.byChannel[channel] ??= { total: 0, reached: 0 });
    counts.total++;
    counts.reached += reached;
    calls.reached += reached;
  }
  return calls;
}

interface ScenarioRecord {
  recorder?: {
    cases?: Record<string, unknown>;
    checks?: Record<string, { status?: string }[]>;
  };
}

/** Every ScenarioFinished event in the ndjson report carries the cases it ran and their checks. */
function countCases(reportDir: string): { cases: number; failed: number } {
  const files = existsSync(reportDir) ? readdirSync(reportDir).filter((f) => f.endsWith('.ndjson')) : [];
  let cases = 0;
  let failed = 0;
  for (const file of files) {
    for (const line of readFileSync(join(reportDir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const finished = (JSON.parse(line) as Record<string, ScenarioRecord>).ScenarioFinished;
      cases += Object.keys(finished?.recorder?.cases ?? {}).length;
      for (const checks of Object.values(finished?.recorder?.checks ?? {}))
        if (checks.some((check) => check.status === 'failure' || check.status === 'error')) failed++;
    }
  }
  return { cases, failed };
}

/** The real user id a process runs as (Linux). */
export function userIdOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/Uid:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

/** VmRSS of a process in MB (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export function removeFuzzPlace(place: FuzzPlace): void {
  rmSync(place.root, { recursive: true, force: true });
}
