import { describe, expect, it } from 'vitest';
import type { GpuInventory } from '../../../shared/contract/gpus';
import { withOwners } from './gpu-owners';

const gpuProcess = (pid: number) => ({
  pid,
  name: '/usr/bin/python3',
  usedMemoryMiB: 1000,
  jobId: null,
  jobName: null,
  command: null,
});

const sample: GpuInventory = {
  state: 'ok',
  message: '',
  sampledAt: '2026-12-07T12:00:00.000Z',
  gpus: [
    {
      index: 0,
      uuid: 'GPU-0',
      name: 'NVIDIA H100',
      memoryTotalMiB: 81559,
      memoryUsedMiB: 3000,
      memoryFreeMiB: 78559,
      utilizationPercent: 90,
      temperatureC: 60,
      excluded: false,
      processes: [gpuProcess(10), gpuProcess(11), gpuProcess(12)],
    },
  ],
};

describe('whose each GPU process is', () => {
  it('names the job of a tagged process (any of its tree), and shows a stranger by its command', () => {
    const lookedUp: string[] = [];
    const shown = withOwners(sample, {
      tags: {
        jobOf: (pid) => (pid === 10 || pid === 11 ? 'job-a' : null),
        commandOf: (pid) => (pid === 12 ? 'python other.py --gpu 0' : `python train.py rank ${pid}`),
      },
      jobName: (id) => {
        lookedUp.push(id);
        return 'my lora';
      },
    });
    expect(shown.gpus[0]?.processes).toEqual([
      { ...gpuProcess(10), jobId: 'job-a', jobName: 'my lora', command: 'python train.py rank 10' },
      { ...gpuProcess(11), jobId: 'job-a', jobName: 'my lora', command: 'python train.py rank 11' },
      { ...gpuProcess(12), jobId: null, jobName: null, command: 'python other.py --gpu 0' },
    ]);
    // The queue is asked once per job of a sample.
    expect(lookedUp).toEqual(['job-a']);
  });

  it('keeps the id of a job the queue no longer has, without a name', () => {
    const shown = withOwners(sample, {
      tags: { jobOf: () => 'deleted-job', commandOf: () => null },
      jobName: () => null,
    });
    expect(shown.gpus[0]?.processes[0]).toMatchObject({ jobId: 'deleted-job', jobName: null, command: null });
  });
});
