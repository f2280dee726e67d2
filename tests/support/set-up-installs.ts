/**
 * What jobs.enqueue asks of the machine before it queues a job (core/queue/enqueue-checks.ts), for tests
 * that only queue: a data folder whose settings name an install for every trainer (written before a
 * core opens it; the paths need not exist, nothing is launched), and an nvidia-smi with 2 GPUs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, type TrainerInstalls } from '../../src/shared/contract';

/** The stand-in nvidia-smi (2 idle GPUs unless FAKE_NVIDIA_SMI_GPUS says otherwise). */
export const fakeNvidiaSmi = join(import.meta.dirname, '..', 'fixtures', 'bin', 'nvidia-smi');

export const namedInstalls: TrainerInstalls = {
  sdScripts: { python: '/opt/sd-scripts/venv/bin/python', folder: '/opt/sd-scripts', env: {} },
  diffusionPipe: { python: '/opt/diffusion-pipe/venv/bin/python', folder: '/opt/diffusion-pipe', env: {} },
  generic: { python: '/opt/engine/venv/bin/python', folder: '' },
};

/** Unless the data folder has settings already (a core opened it before). */
export function writeSetUpInstalls(dataDir: string): void {
  if (existsSync(join(dataDir, 'settings.json'))) return;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    join(dataDir, 'settings.json'),
    `${JSON.stringify({ ...defaultSettings, trainers: namedInstalls }, null, 2)}\n`,
  );
}

/**
 * The environment of a host whose one GPU is there but full: a stranger holds its memory, so enqueue
 * counts it (a 1-GPU job is queued) and the dispatcher starts nothing on it (every job waits).
 * `file` is where the fake nvidia-smi's configuration is written.
 */
export function busyGpuEnv(file: string): NodeJS.ProcessEnv {
  const uuid = 'GPU-fa4e0000-0000-4000-8000-000000000000';
  const gpu = { uuid, name: 'NVIDIA GeForce RTX 4090', memory_total: 24564, memory_used: 24000 };
  const stranger = { gpu_uuid: uuid, pid: process.pid, process_name: 'stranger', used_memory: 24000 };
  writeFileSync(
    file,
    JSON.stringify({ gpus: [{ ...gpu, utilization: 90, temperature: 60 }], apps: [stranger] }),
  );
  return { DPGUI_NVIDIA_SMI: fakeNvidiaSmi, FAKE_NVIDIA_SMI_CONFIG: file };
}
