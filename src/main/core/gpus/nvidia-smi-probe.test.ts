import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { applyExclusions, createNvidiaSmiProbe } from './nvidia-smi-probe';

const fakeSmi = resolve('tests/fixtures/bin/nvidia-smi');
const tempDir = useTempDirs();
afterEach(() => {
  delete process.env.FAKE_NVIDIA_SMI_CONFIG;
});

/** A fake nvidia-smi reading its answer from a JSON file, through the environment. */
function withConfig(config: object): void {
  const file = join(tempDir(), 'smi.json');
  writeFileSync(file, JSON.stringify(config));
  process.env.FAKE_NVIDIA_SMI_CONFIG = file;
}

describe('sampling the GPUs with nvidia-smi', () => {
  it('lists two GPUs with their free memory and who holds memory on each', async () => {
    withConfig({
      gpus: [
        {
          uuid: 'GPU-a',
          name: 'RTX 4090',
          memory_total: 24564,
          memory_used: 9000,
          utilization: 97,
          temperature: 71,
        },
        {
          uuid: 'GPU-b',
          name: 'RTX 4090',
          memory_total: 24564,
          memory_used: '[N/A]',
          utilization: '[N/A]',
          temperature: 30,
        },
      ],
      apps: [{ gpu_uuid: 'GPU-a', pid: 4242, process_name: '/usr/bin/python3', used_memory: 8990 }],
    });
    const sample = await createNvidiaSmiProbe({
      command: fakeSmi,
      timeoutMs: 20_000,
      now: () => new Date('2026-11-25T15:00:00Z'),
    })();
    expect(sample).toEqual({
      state: 'ok',
      message: '',
      sampledAt: '2026-11-25T15:00:00.000Z',
      gpus: [
        {
          index: 0,
          uuid: 'GPU-a',
          name: 'RTX 4090',
          memoryTotalMiB: 24564,
          memoryUsedMiB: 9000,
          memoryFreeMiB: 15564,
          utilizationPercent: 97,
          temperatureC: 71,
          excluded: false,
          processes: [
            {
              pid: 4242,
              name: '/usr/bin/python3',
              usedMemoryMiB: 8990,
              jobId: null,
              jobName: null,
              command: null,
            },
          ],
        },
        {
          index: 1,
          uuid: 'GPU-b',
          name: 'RTX 4090',
          memoryTotalMiB: 24564,
          memoryUsedMiB: null,
          memoryFreeMiB: null,
          utilizationPercent: null,
          temperatureC: 30,
          excluded: false,
          processes: [],
        },
      ],
    });
    expect(applyExclusions(sample, ['GPU-b']).gpus.map((g) => g.excluded)).toEqual([false, true]);
  });

  it('says "no nvidia-smi" when there is none, instead of failing', async () => {
    const sample = await createNvidiaSmiProbe({ command: join(tempDir(), 'nvidia-smi') })();
    expect(sample.state).toBe('no-nvidia-smi');
    expect(sample.message).toMatch(/not found/);
    expect(sample.gpus).toEqual([]);
  });

  it('says "no GPUs" on the real "No devices were found" answer and passes the driver error on', async () => {
    withConfig({ gpus: [] });
    expect(await createNvidiaSmiProbe({ command: fakeSmi, timeoutMs: 20_000 })()).toMatchObject({
      state: 'no-gpus',
      gpus: [],
    });
    withConfig({
      fail: {
        exit: 9,
        message: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
      },
    });
    const broken = await createNvidiaSmiProbe({ command: fakeSmi, timeoutMs: 20_000 })();
    expect(broken.state).toBe('error');
    expect(broken.message).toContain("couldn't communicate with the NVIDIA driver");
  });

  it('gives up on an nvidia-smi that hangs, and on one that prints nonsense', async () => {
    withConfig({ sleep: 5 });
    const slow = await createNvidiaSmiProbe({ command: fakeSmi, timeoutMs: 300 })();
    expect(slow).toMatchObject({ state: 'error', gpus: [] });
    expect(slow.message).toMatch(/did not answer within 0.3 s/);

    const script = join(tempDir(), 'nvidia-smi');
    writeFileSync(script, '#!/bin/sh\necho "Segmentation fault (core dumped) at 0x0"\n');
    chmodSync(script, 0o755);
    const nonsense = await createNvidiaSmiProbe({ command: script, timeoutMs: 20_000 })();
    expect(nonsense.state).toBe('error');
    expect(nonsense.message).toContain('Segmentation fault');
  });
});
