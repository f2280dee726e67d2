import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuH100 } from '../../../../../tests/fixtures/fake-trainers/real-fixtures';
import { diskCheck, driverCheck, outputDiskLimits, parseNvidiaSmiBanner } from './machine-checks';

const GiB = 1024 ** 3;

describe('the machine checks', () => {
  it("reads the driver and its CUDA version from a real H100's nvidia-smi banner", () => {
    const banner = readFileSync(join(gpuH100, 'nvidia-smi.txt'), 'utf8');
    expect(parseNvidiaSmiBanner(banner)).toEqual({ driverVersion: '580.159.04', cudaVersion: '13.0' });
    expect(driverCheck({ kind: 'printed', command: 'nvidia-smi', stdout: banner })).toMatchObject({
      id: 'nvidia.driver',
      status: 'ok',
      message: 'NVIDIA driver 580.159.04, which supports CUDA up to 13.0.',
      driver_version: '580.159.04',
      cuda_version: '13.0',
    });
  });

  it('says plainly when there is no driver, or it does not answer', () => {
    expect(driverCheck({ kind: 'missing', command: 'nvidia-smi' })).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('install the NVIDIA driver') as string,
    });
    const failed = driverCheck({
      kind: 'failed',
      command: 'nvidia-smi',
      said: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    });
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain("couldn't communicate with the NVIDIA driver");
    expect(failed.message).not.toMatch(/\.\.|undefined/);
  });

  it('grades free space, measured where a folder to be created would be', () => {
    const facts = (free: number | null) => ({
      path: '/data/out/new',
      measuredAt: '/data',
      free,
      writable: true,
    });
    expect(diskCheck('disk.output', 'the output folder', facts(100 * GiB), outputDiskLimits)).toMatchObject({
      status: 'ok',
      free_bytes: 100 * GiB,
      message: '100.0 GiB free for the output folder at /data/out/new (to be created; measured at /data).',
    });
    expect(diskCheck('disk.output', 'the output folder', facts(10 * GiB), outputDiskLimits).status).toBe(
      'warn',
    );
    expect(diskCheck('disk.output', 'the output folder', facts(GiB), outputDiskLimits).status).toBe('fail');
    expect(diskCheck('disk.output', 'the output folder', facts(null), outputDiskLimits).status).toBe('warn');
    const readOnly = { ...facts(100 * GiB), writable: false };
    expect(diskCheck('disk.output', 'the output folder', readOnly, outputDiskLimits)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^The output folder \/data\/out\/new .* is not writable/) as string,
    });
  });
});
