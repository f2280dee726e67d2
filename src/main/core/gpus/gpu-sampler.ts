/**
 * When to ask nvidia-smi, and the last few minutes of answers. Every 2 s while someone watches
 * `gpu.stats`, every 30 s while any job is queued or running, one sample at once on demand (a job
 * queued into an idle pool, a refresh), nothing while idle and unwatched. Never two nvidia-smi runs at
 * once: a request during a run gets that run's answer.
 */
import type { GpuHistoryPoint, GpuInventory } from '../../../shared/contract/gpus';
import type { GpuProbe } from './nvidia-smi-probe';

export interface SamplerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface GpuSamplerOptions {
  probe: GpuProbe;
  timers?: SamplerTimers;
  now?: () => number;
  watchedIntervalMs?: number;
  busyIntervalMs?: number;
  /** How far back the history goes. */
  historyMs?: number;
}

export interface GpuSampler {
  /** The last sample, or null before the first. */
  latest(): GpuInventory | null;
  history(): GpuHistoryPoint[];
  /** Sample now (joins a run already under way). */
  sampleNow(): Promise<GpuInventory>;
  /**
   * A sample begun after this call (a refresh the user asked for): a run already under way may have read
   * nvidia-smi before what the user wants to see changed, so it is waited for and another one taken.
   */
  sampleFresh(): Promise<GpuInventory>;
  /** How many clients watch `gpu.stats`; the first watcher gets a sample at once. */
  setWatchers(count: number): void;
  /** Whether any job is queued or running; becoming busy samples at once. */
  setBusy(busy: boolean): void;
  onSample(listener: (sample: GpuInventory) => void): () => void;
  close(): void;
}

const realTimers: SamplerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createGpuSampler(options: GpuSamplerOptions): GpuSampler {
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const watchedMs = options.watchedIntervalMs ?? 2000;
  const busyMs = options.busyIntervalMs ?? 30_000;
  const historyMs = options.historyMs ?? 5 * 60_000;

  let watchers = 0;
  let busy = false;
  let closed = false;
  let last: GpuInventory | null = null;
  let lastAt = -Infinity;
  let inFlight: Promise<GpuInventory> | null = null;
  let timer: unknown = null;
  const points: { at: number; point: GpuHistoryPoint }[] = [];
  const listeners = new Set<(sample: GpuInventory) => void>();

  const interval = (): number | null => (watchers > 0 ? watchedMs : busy ? busyMs : null);

  const schedule = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const every = interval();
    if (closed || every === null || inFlight) return;
    const wait = Math.max(0, lastAt + every - now());
    timer = timers.setTimeout(() => {
      timer = null;
      void sampleNow();
    }, wait);
  };

  const record = (sample: GpuInventory): void => {
    last = sample;
    lastAt = now();
    if (sample.state === 'ok' && sample.sampledAt !== null) {
      points.push({
        at: lastAt,
        point: {
          sampledAt: sample.sampledAt,
          gpus: sample.gpus.map((gpu) => ({
            uuid: gpu.uuid,
            memoryUsedMiB: gpu.memoryUsedMiB,
            utilizationPercent: gpu.utilizationPercent,
            temperatureC: gpu.temperatureC,
          })),
        },
      });
      while (points.length > 0 && (points[0]?.at ?? 0) < lastAt - historyMs) points.shift();
    }
    for (const listener of [...listeners]) listener(sample);
  };

  const sampleNow = (): Promise<GpuInventory> => {
    if (inFlight) return inFlight;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const run = options.probe().catch((error: unknown): GpuInventory => ({
      state: 'error',
      message: `Sampling the GPUs failed: ${error instanceof Error ? error.message : String(error)}`,
      sampledAt: new Date(now()).toISOString(),
      gpus: [],
    }));
    inFlight = run.then((sample) => {
      inFlight = null;
      if (!closed) record(sample);
      schedule();
      return sample;
    });
    return inFlight;
  };

  return {
    latest: () => last,
    history: () => points.map((entry) => entry.point),
    sampleNow,
    sampleFresh: () => (inFlight ? inFlight.then(sampleNow) : sampleNow()),
    setWatchers(count) {
      const first = watchers === 0 && count > 0;
      watchers = Math.max(0, count);
      if (first) void sampleNow();
      else schedule();
    },
    setBusy(next) {
      const woke = !busy && next;
      busy = next;
      if (woke) void sampleNow();
      else schedule();
    },
    onSample(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
