/**
 * A bound on concurrent file work. Every open, read and thumbnail of a user's file runs on libuv's
 * thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), the pool the UI page, scans,
 * captions and the databases' file work share; a file on a hung network mount holds its thread until
 * the mount answers. So each file route gets a few slots, all routes together fewer than the pool, and
 * what is beyond waits in a short queue for a while, then is told to come back (503 + Retry-After).
 */

/** The file work was not started: too much is waiting already, or the wait ran out. */
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('The host is busy reading other files; try again in a moment.');
    this.name = 'BusyError';
  }
}

export interface WorkLimiter {
  /**
   * Runs `work` once a slot is free. `queued: 'always'` waits however long the queue is (a transfer
   * already under way); otherwise a full queue or a long wait rejects with BusyError.
   */
  run<T>(work: () => Promise<T>, options?: { queued?: 'bounded' | 'always' }): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export interface WorkLimits {
  concurrency: number;
  /** Requests that may wait for a slot; one more is refused at once. */
  maxWaiting: number;
  /** How long a request may wait for a slot before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
}

export function createWorkLimiter(limits: WorkLimits): WorkLimiter {
  let active = 0;
  const waiters: Waiter[] = [];
  const retryAfterSeconds = Math.max(1, Math.ceil(limits.maxWaitMs / 1000 / 4));

  const release = (): void => {
    active -= 1;
    const next = waiters.shift();
    if (next) next.start();
  };

  const acquire = (always: boolean): Promise<void> => {
    if (active < limits.concurrency) {
      active += 1;
      return Promise.resolve();
    }
    if (!always && waiters.length >= limits.maxWaiting)
      return Promise.reject(new BusyError(retryAfterSeconds));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          if (timer) clearTimeout(timer);
          active += 1;
          resolve();
        },
      };
      const timer = always
        ? null
        : setTimeout(() => {
            const at = waiters.indexOf(waiter);
            if (at >= 0) waiters.splice(at, 1);
            reject(new BusyError(retryAfterSeconds));
          }, limits.maxWaitMs);
      timer?.unref();
      waiters.push(waiter);
    });
  };

  return {
    async run(work, options) {
      await acquire(options?.queued === 'always');
      try {
        return await work();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiters.length;
    },
  };
}

/** Work that must hold a slot of each limiter, taken in the order given (always the same order). */
export function bothLimits(first: WorkLimiter, second: WorkLimiter): WorkLimiter {
  return {
    run: (work, options) => first.run(() => second.run(work, options), options),
    get active() {
      return first.active;
    },
    get waiting() {
      return first.waiting + second.waiting;
    },
  };
}
