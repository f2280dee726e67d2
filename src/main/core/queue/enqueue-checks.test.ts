import { describe, expect, it } from 'vitest';
import { defaultSettings, type GpuInventory, type TrainerInstalls } from '../../../shared/contract';
import { createNewJobCheck, gpuRefusal, installRefusal } from './enqueue-checks';

const uuid = (i: number): string => `GPU-${i}`;
const gpu = (i: number): GpuInventory['gpus'][number] => ({
  index: i,
  uuid: uuid(i),
  name: 'NVIDIA H100',
  memoryTotalMiB: 81559,
  memoryUsedMiB: 0,
  memoryFreeMiB: 81559,
  utilizationPercent: 0,
  temperatureC: 30,
  excluded: false,
  processes: [],
});
const inventory = (count: number, state: GpuInventory['state'] = 'ok'): GpuInventory => ({
  state,
  message: '',
  sampledAt: '2026-01-01T00:00:00.000Z',
  gpus: Array.from({ length: count }, (_, i) => gpu(i)),
});
const job = (count: number, include?: string[]) => ({
  name: 'lora',
  config: { trainer: 'sd-scripts' as const, family: 'sdxl', values: {} },
  gpus: { count, ...(include ? { include } : {}) },
});
const setUp: TrainerInstalls = {
  ...defaultSettings.trainers,
  sdScripts: { python: '/venv/bin/python', folder: '/sd-scripts', env: {} },
};

describe('what enqueue refuses before a job waits', () => {
  it('names the unset part of the install and its settings key', () => {
    expect(installRefusal(job(1), defaultSettings.trainers)).toContain('(trainers.sdScripts.python)');
    const noFolder = { ...setUp, sdScripts: { ...setUp.sdScripts, folder: ' ' } };
    expect(installRefusal(job(1), noFolder)).toBe(
      '"lora" cannot be queued: the install of sd-scripts is not set up. Set the folder of its sd-scripts checkout in Settings → Trainers → sd-scripts (trainers.sdScripts.folder), then queue it again.',
    );
    expect(installRefusal(job(1), setUp)).toBeNull();
  });

  it('counts the GPUs left after the exclusions, and those a job names', () => {
    expect(gpuRefusal(job(2), inventory(2), [])).toBeNull();
    expect(gpuRefusal(job(2), inventory(2), [uuid(0)])).toBe(
      '"lora" needs 2 GPUs; this machine has 2 (1 excluded in Settings → GPUs, excludedGpus). Ask for at most 1, or allow an excluded GPU again.',
    );
    expect(gpuRefusal(job(1), inventory(2), [uuid(0), uuid(1)])).toBe(
      '"lora" needs 1 GPU; this machine has 2 (2 excluded in Settings → GPUs, excludedGpus). Allow an excluded GPU again, or ask for 0 GPUs to run it on the CPU.',
    );
    expect(gpuRefusal(job(2, [uuid(1), 'GPU-gone']), inventory(2), [])).toBe(
      '"lora" needs 2 GPUs among the 2 GPUs it names; this machine has 2, and 1 of those it names can be used. Name other GPUs or ask for at most 1.',
    );
    expect(gpuRefusal(job(1), inventory(0, 'no-gpus'), [])).toContain('nvidia-smi lists no GPU');
    expect(gpuRefusal(job(0), inventory(0, 'no-nvidia-smi'), [])).toBeNull();
  });

  it('refuses nothing for GPUs when nvidia-smi failed this time: it may answer the next', async () => {
    expect(gpuRefusal(job(8), inventory(0, 'error'), [])).toBeNull();
    let sampled = 0;
    const check = createNewJobCheck({
      settings: () => ({ trainers: setUp, excludedGpus: [] }),
      gpuInventory: () => {
        sampled += 1;
        return Promise.resolve(inventory(1));
      },
    });
    expect(await check(job(0))).toBeNull();
    // A CPU job needs no GPU sample.
    expect(sampled).toBe(0);
    expect(await check(job(2))).toContain('Ask for at most 1.');
  });
});
