import { describe, expect, it } from 'vitest';
import type { Gpu, GpuProcess } from '../../../../shared/contract';
import { formatMiB, gpuCardModel } from './gpu-card-model';

function gpu(over: Partial<Gpu> = {}): Gpu {
  return {
    index: 1,
    uuid: 'GPU-1',
    name: 'NVIDIA GeForce RTX 4090',
    memoryTotalMiB: 24564,
    memoryUsedMiB: 9000,
    memoryFreeMiB: 15564,
    utilizationPercent: 87,
    temperatureC: 41,
    excluded: false,
    processes: [],
    ...over,
  };
}

function proc(over: Partial<GpuProcess> = {}): GpuProcess {
  return {
    pid: 4242,
    name: 'python',
    usedMemoryMiB: 8990,
    jobId: null,
    jobName: null,
    command: null,
    ...over,
  };
}

describe('gpuCardModel', () => {
  it('says memory in GiB of the total, the load and the temperature', () => {
    const card = gpuCardModel(gpu());
    expect(card.title).toBe('GPU 1');
    expect(card.memory).toBe('8.8 GiB of 24.0 GiB used');
    expect(card.memoryPercent).toBeCloseTo(36.6, 1);
    expect(card.utilisation).toBe('87 % load');
    expect(card.temperature).toBe('41 °C');
    expect(card.state).toBe('free');
  });

  it('shows a stranger by pid, command line and memory, and marks the GPU used by another program', () => {
    const card = gpuCardModel(gpu({ processes: [proc({ command: 'python other.py --big' })] }));
    expect(card.state).toBe('held-by-other');
    expect(card.stateLabel).toBe('Used by another program');
    expect(card.holders).toEqual([
      { kind: 'stranger', pid: 4242, label: 'python other.py --big', memory: '8.8 GiB' },
    ]);
  });

  it('falls back to the process name where the command line is hidden', () => {
    expect(gpuCardModel(gpu({ processes: [proc()] })).holders[0]?.label).toBe('python');
  });

  it("lists DPGui's job first, by name, with its id for the link", () => {
    const card = gpuCardModel(
      gpu({
        processes: [
          proc({ pid: 1, usedMemoryMiB: 20000 }),
          proc({ pid: 2, usedMemoryMiB: 300, jobId: 'j1', jobName: 'rank 16' }),
        ],
      }),
    );
    expect(card.state).toBe('training');
    expect(card.holders.map((h) => [h.kind, h.pid, h.label, h.memory])).toEqual([
      ['job', 2, 'rank 16', '300 MiB'],
      ['stranger', 1, 'python', '19.5 GiB'],
    ]);
    expect(card.holders[0]).toMatchObject({ jobId: 'j1' });
  });

  it('names a job that left the queue by its id', () => {
    expect(gpuCardModel(gpu({ processes: [proc({ jobId: 'j9' })] })).holders[0]?.label).toBe('Job j9');
  });

  it('marks an excluded GPU as excluded, whoever holds it', () => {
    const card = gpuCardModel(gpu({ excluded: true, processes: [proc({ jobId: 'j1' })] }));
    expect(card.state).toBe('excluded');
    expect(card.stateLabel).toBe('Excluded');
  });

  it('says "unknown" where nvidia-smi reports [N/A]', () => {
    const card = gpuCardModel(
      gpu({ memoryUsedMiB: null, memoryTotalMiB: null, utilizationPercent: null, temperatureC: null }),
    );
    expect(card.memory).toBe('Memory unknown');
    expect(card.memoryPercent).toBeNull();
    expect(card.utilisation).toBe('Load unknown');
    expect(card.temperature).toBe('');
    expect(gpuCardModel(gpu({ memoryUsedMiB: null })).memory).toBe('Use unknown of 24.0 GiB');
    expect(gpuCardModel(gpu({ processes: [proc({ usedMemoryMiB: null })] })).holders[0]?.memory).toBe(
      'memory unknown',
    );
  });
});

describe('formatMiB', () => {
  it('keeps small amounts in MiB and larger ones in GiB with one decimal', () => {
    expect(formatMiB(1)).toBe('1 MiB');
    expect(formatMiB(1023)).toBe('1023 MiB');
    expect(formatMiB(1024)).toBe('1.0 GiB');
    expect(formatMiB(81559)).toBe('79.6 GiB');
  });
});
