/**
 * queue.waitReasons: why each waiting job has not started, pushed when it changed. Planning the whole
 * queue costs a pass over every waiting job, so it is done only while someone subscribes, at most once
 * per `minIntervalMs` however many dispatches come, and sent only when the answer differs from the
 * last one sent. A new subscriber gets the current reasons at once.
 */
import type { QueueWaitReasons } from '../../../shared/contract';

export interface WaitReasonsFeedOptions {
  compute: () => QueueWaitReasons['items'];
  emit: (payload: QueueWaitReasons) => void;
  isWatched: () => boolean;
  minIntervalMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  timers?: Timers;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WaitReasonsFeed {
  /** Something that may change a reason happened (a dispatch ran). */
  refresh(): void;
  /** A subscription came or went: a newcomer gets the current reasons, nobody left means no work. */
  watchersChanged(): void;
  close(): void;
}

export function createWaitReasonsFeed(options: WaitReasonsFeedOptions): WaitReasonsFeed {
  const minInterval = options.minIntervalMs ?? 200;
  const now = options.now ?? Date.now;
  let lastSent: string | null = null;
  let lastRunAt = -Infinity;
  const timers = options.timers ?? realTimers;
  let timer: unknown = null;
  let closed = false;

  const run = (): void => {
    timer = null;
    if (closed || !options.isWatched()) return;
    lastRunAt = now();
    try {
      const items = options.compute();
      const said = JSON.stringify(items);
      if (said === lastSent) return;
      lastSent = said;
      options.emit({ items });
    } catch (error) {
      options.onError?.(error);
    }
  };

  const refresh = (): void => {
    if (closed) return;
    if (!options.isWatched()) {
      // What the next watcher is sent first is compared with nothing.
      lastSent = null;
      return;
    }
    if (timer !== null) return;
    timer = timers.setTimeout(run, Math.max(0, lastRunAt + minInterval - now()));
  };

  return {
    refresh,
    watchersChanged() {
      lastSent = null;
      refresh();
    },
    close() {
      closed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
