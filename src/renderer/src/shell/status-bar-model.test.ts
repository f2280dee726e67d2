import { describe, expect, it } from 'vitest';
import type { Gpu, QueueState } from '../../../shared/contract';
import { statusBarModel, type StatusItem } from './status-bar-model';

const idle: QueueState['counts'] = {
  queued: 0,
  held: 0,
  starting: 0,
  running: 0,
  stopping: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  interrupted: 0,
};

function queue(counts: Partial<QueueState['counts']>, paused = false): QueueState {
  return { paused, pausedAt: paused ? '2026-12-07T12:00:00Z' : null, counts: { ...idle, ...counts } };
}

function gpu(index: number, pids: number[], excluded = false, jobId: string | null = null): Gpu {
  return {
    index,
    uuid: `GPU-${index}`,
    name: 'NVIDIA GeForce RTX 4090',
    memoryTotalMiB: 24564,
    memoryUsedMiB: 0,
    memoryFreeMiB: 24564,
    utilizationPercent: 0,
    temperatureC: 40,
    excluded,
    processes: pids.map((pid) => ({
      pid,
      name: 'python',
      usedMemoryMiB: 1000,
      jobId,
      jobName: jobId,
      command: null,
    })),
  };
}

const texts = (items: StatusItem[]) => items.map((item) => item.text);

describe('the status bar', () => {
  it('says what runs and waits, and that the queue is paused', () => {
    const items = statusBarModel({
      connection: 'open',
      queue: queue({ running: 1, starting: 1, queued: 3, held: 1, succeeded: 9 }, true),
      gpus: { state: 'ok', message: '', gpus: [gpu(0, [41]), gpu(1, [])] },
    });
    expect(texts(items)).toEqual([
      'Connected',
      '2 running · 3 waiting · 1 held',
      'Queue paused',
      '1 of 2 GPUs busy',
    ]);
    expect(items.find((item) => item.id === 'paused')?.detail).toContain('until the queue is resumed');
    expect(items.find((item) => item.id === 'jobs')).toMatchObject({ tone: 'busy' });
  });

  it('leaves out the pause and the held count when there is none, and says when nothing runs', () => {
    const items = statusBarModel({
      connection: 'open',
      queue: queue({ succeeded: 4 }),
      gpus: { state: 'ok', message: '', gpus: [gpu(0, []), gpu(1, [], true)] },
    });
    expect(texts(items)).toEqual(['Connected', '0 running · 0 waiting', '0 of 2 GPUs busy']);
    expect(items[1]).toMatchObject({ tone: 'muted', detail: 'Nothing is running or waiting.' });
    expect(items[2]?.detail).toBe('All 2 GPUs are free; 1 excluded in Settings.');
  });

  it("tells DPGui's own jobs on the GPUs apart from other programs holding memory there", () => {
    const items = statusBarModel({
      connection: 'open',
      queue: queue({ running: 1 }),
      gpus: { state: 'ok', message: '', gpus: [gpu(0, [41], false, 'job-1'), gpu(1, [77]), gpu(2, [])] },
    });
    expect(items.at(-1)).toMatchObject({
      text: '2 of 3 GPUs busy',
      detail: "2 of 3 GPUs busy: DPGui's jobs use 1; other programs hold memory on 1.",
    });
  });

  it('shows a lost connection as an error and what is not known yet as reading', () => {
    const items = statusBarModel({ connection: 'closed', queue: null, gpus: null });
    expect(texts(items)).toEqual(['Disconnected', 'GPUs: reading…']);
    expect(items[0]).toMatchObject({ tone: 'error' });
    expect(items[0]?.detail).toContain('retrying');
  });

  it("passes on nvidia-smi's own sentence when there are no GPUs to count", () => {
    const message = 'nvidia-smi was not found on PATH; install the NVIDIA driver.';
    const items = statusBarModel({
      connection: 'open',
      queue: null,
      gpus: { state: 'no-nvidia-smi', message, gpus: [] },
    });
    expect(items.at(-1)).toEqual({ id: 'gpus', text: 'No nvidia-smi', tone: 'warn', detail: message });
  });
});
