import { describe, expect, it } from 'vitest';
import type { GpuInventory } from '../../../shared/contract/gpus';
import { createGpuSampler, type SamplerTimers } from './gpu-sampler';

/** A clock the test moves by hand, with the timers the sampler sets on it. */
function manualClock() {
  let time = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: SamplerTimers = {
    setTimeout(run, ms) {
      const id = nextId++;
      pending.set(id, { at: time + ms, run });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => time,
    pendingCount: () => pending.size,
    /** Moves time on, firing due timers in order, letting each sample finish. */
    async advance(ms: number) {
      const end = time + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        time = due[1].at;
        due[1].run();
        await flush();
      }
      time = end;
    },
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function sample(used: number, at: number): GpuInventory {
  return {
    state: 'ok',
    message: '',
    sampledAt: new Date(at).toISOString(),
    gpus: [
      {
        index: 0,
        uuid: 'GPU-a',
        name: 'fake',
        memoryTotalMiB: 1000,
        memoryUsedMiB: used,
        memoryFreeMiB: 1000 - used,
        utilizationPercent: 1,
        temperatureC: 40,
        excluded: false,
        processes: [],
      },
    ],
  };
}

function setup(historyMs?: number) {
  const clock = manualClock();
  const calls: number[] = [];
  const sampler = createGpuSampler({
    probe: () => {
      calls.push(clock.now());
      return Promise.resolve(sample(calls.length, clock.now()));
    },
    timers: clock.timers,
    now: clock.now,
    historyMs,
  });
  return { clock, calls, sampler };
}

describe('when the GPUs are sampled', () => {
  it('samples nothing while idle and unwatched', async () => {
    const { clock, calls, sampler } = setup();
    await clock.advance(10 * 60_000);
    expect(calls).toEqual([]);
    expect(sampler.latest()).toBeNull();
    expect(clock.pendingCount()).toBe(0);
  });

  it('samples every 2 s while someone watches, at once for the first watcher, and stops when they leave', async () => {
    const { clock, calls, sampler } = setup();
    const seen: GpuInventory[] = [];
    sampler.onSample((s) => seen.push(s));
    sampler.setWatchers(1);
    await flush();
    await clock.advance(6000);
    expect(calls).toEqual([0, 2000, 4000, 6000]);
    expect(seen).toHaveLength(4);
    sampler.setWatchers(0);
    await clock.advance(60_000);
    expect(calls).toHaveLength(4);
  });

  it('samples every 30 s while jobs are queued or running, once at once when the pool wakes up', async () => {
    const { clock, calls, sampler } = setup();
    sampler.setBusy(true);
    await flush();
    await clock.advance(65_000);
    expect(calls).toEqual([0, 30_000, 60_000]);
    // Someone opens the GPU view: 2 s from the last sample, not 30.
    sampler.setWatchers(1);
    await flush();
    await clock.advance(4000);
    expect(calls).toEqual([0, 30_000, 60_000, 65_000, 67_000, 69_000]);
    sampler.setWatchers(0);
    sampler.setBusy(false);
    await clock.advance(120_000);
    expect(calls).toHaveLength(6);
  });

  it('runs one nvidia-smi for requests that arrive while one is under way', async () => {
    const clock = manualClock();
    let release: (s: GpuInventory) => void = () => {};
    let runs = 0;
    const sampler = createGpuSampler({
      probe: () => {
        runs++;
        return new Promise((resolve) => (release = resolve));
      },
      timers: clock.timers,
      now: clock.now,
    });
    const a = sampler.sampleNow();
    const b = sampler.sampleNow();
    release(sample(5, 0));
    expect(await a).toBe(await b);
    expect(runs).toBe(1);
  });

  it('answers a refresh with a sample begun after it, not with one already under way', async () => {
    const clock = manualClock();
    const releases: ((s: GpuInventory) => void)[] = [];
    const sampler = createGpuSampler({
      probe: () => new Promise((resolve) => releases.push(resolve)),
      timers: clock.timers,
      now: clock.now,
    });
    const under = sampler.sampleNow();
    const fresh = sampler.sampleFresh();
    releases[0]?.(sample(1, 0));
    expect((await under).gpus[0]?.memoryUsedMiB).toBe(1);
    await flush();
    // The run under way read nvidia-smi before the refresh was asked: a second one is taken.
    expect(releases).toHaveLength(2);
    releases[1]?.(sample(2, 0));
    expect((await fresh).gpus[0]?.memoryUsedMiB).toBe(2);
  });

  it('keeps a few minutes of history and turns a probe that throws into an error state', async () => {
    const { clock, sampler } = setup(10_000);
    sampler.setWatchers(1);
    await flush();
    await clock.advance(20_000);
    const history = sampler.history();
    expect(history.length).toBeGreaterThanOrEqual(5);
    expect(history.length).toBeLessThanOrEqual(6);
    expect(history.at(-1)?.gpus[0]?.memoryUsedMiB).toBe(11);

    const broken = createGpuSampler({ probe: () => Promise.reject(new Error('boom')) });
    const failed = await broken.sampleNow();
    expect(failed.state).toBe('error');
    expect(failed.message).toContain('boom');
    broken.close();
    sampler.close();
  });
});
