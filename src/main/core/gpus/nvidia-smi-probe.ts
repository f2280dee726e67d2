/**
 * One GPU sample: runs nvidia-smi twice (GPUs, then the processes holding memory) with a time limit
 * and turns every way it can fail into a state and a sentence, never an exception.
 */
import { execFile } from 'node:child_process';
import type { Gpu, GpuInventory } from '../../../shared/contract/gpus';
import { firstLine } from '../platform/first-line';
import {
  computeAppsQueryFields,
  gpuQueryFields,
  parseComputeApps,
  parseGpuQuery,
  type ComputeAppRow,
  type GpuRow,
} from './parse-nvidia-smi';

export type GpuProbe = () => Promise<GpuInventory>;

export interface NvidiaSmiProbeOptions {
  /** The nvidia-smi to run (a path or a name on PATH). */
  command?: string;
  timeoutMs?: number;
  now?: () => Date;
}

interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** ENOENT, EACCES, … when it could not be started; 'timeout' when it was killed for taking too long. */
  failure: string | null;
  exitCode: number | null;
}

function run(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true, stdout, stderr, failure: null, exitCode: 0 });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      const failure = typeof code === 'string' ? code : error.killed ? 'timeout' : null;
      resolve({ ok: false, stdout, stderr, failure, exitCode: typeof code === 'number' ? code : null });
    });
  });
}

export function createNvidiaSmiProbe(options: NvidiaSmiProbeOptions = {}): GpuProbe {
  const command = options.command ?? 'nvidia-smi';
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? (() => new Date());
  return async () => {
    const sampledAt = now().toISOString();
    const answer = (state: GpuInventory['state'], message: string, gpus: Gpu[] = []): GpuInventory => ({
      state,
      message,
      sampledAt,
      gpus,
    });
    const gpuRun = await run(
      command,
      [`--query-gpu=${gpuQueryFields.join(',')}`, '--format=csv,noheader,nounits'],
      timeoutMs,
    );
    if (!gpuRun.ok) {
      const said = firstLine(`${gpuRun.stdout}\n${gpuRun.stderr}`);
      if (gpuRun.failure === 'ENOENT') {
        return answer(
          'no-nvidia-smi',
          `nvidia-smi was not found (${command}); without the NVIDIA driver no GPU can be used.`,
        );
      }
      if (gpuRun.failure === 'timeout')
        return answer('error', `nvidia-smi did not answer within ${timeoutMs / 1000} s.`);
      if (/no devices were found/i.test(said)) return answer('no-gpus', 'nvidia-smi found no GPU.');
      const how = gpuRun.failure ?? `exit code ${gpuRun.exitCode ?? 'unknown'}`;
      return answer('error', `nvidia-smi failed (${how})${said ? `: ${said}` : '.'}`);
    }
    const parsed = parseGpuQuery(gpuRun.stdout);
    if (!parsed.ok) return answer('error', parsed.message);
    if (parsed.rows.length === 0) return answer('no-gpus', 'nvidia-smi found no GPU.');

    const appsRun = await run(
      command,
      [`--query-compute-apps=${computeAppsQueryFields.join(',')}`, '--format=csv,noheader,nounits'],
      timeoutMs,
    );
    const apps = appsRun.ok ? parseComputeApps(appsRun.stdout) : null;
    const processes = apps?.ok ? apps.rows : [];
    const message = apps?.ok
      ? ''
      : `The processes holding GPU memory are unknown: ${apps ? apps.message : firstLine(`${appsRun.stdout}\n${appsRun.stderr}`) || 'nvidia-smi failed'}.`;
    return answer('ok', message, combineRows(parsed.rows, processes));
  };
}

/** GPUs with their free memory and the processes on each. */
export function combineRows(gpus: readonly GpuRow[], apps: readonly ComputeAppRow[]): Gpu[] {
  return gpus.map((row) => ({
    ...row,
    memoryFreeMiB:
      row.memoryTotalMiB !== null && row.memoryUsedMiB !== null
        ? row.memoryTotalMiB - row.memoryUsedMiB
        : null,
    excluded: false,
    processes: apps
      .filter((app) => app.gpuUuid === row.uuid)
      // Whose they are is told when the sample is shown (gpu-owners.ts).
      .map((app) => ({
        pid: app.pid,
        name: app.name,
        usedMemoryMiB: app.usedMemoryMiB,
        jobId: null,
        jobName: null,
        command: null,
      })),
  }));
}

/** The settings' exclusions applied to a sample (they change without a new sample). */
export function applyExclusions(inventory: GpuInventory, excludedUuids: readonly string[]): GpuInventory {
  const excluded = new Set(excludedUuids);
  return { ...inventory, gpus: inventory.gpus.map((gpu) => ({ ...gpu, excluded: excluded.has(gpu.uuid) })) };
}
