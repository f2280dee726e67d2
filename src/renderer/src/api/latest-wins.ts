/**
 * Runs an async job for the newest input only: the first input after a quiet spell runs at once (so a
 * keystroke that makes a value invalid is answered quickly), later ones wait until the input has been
 * still for `delayMs`; never more than one run is in flight, and an input that arrives meanwhile
 * waits for it, older waiting inputs being dropped. Answers come in the order asked, so an older
 * answer never lands after a newer one.
 */

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface LatestWins<I> {
  /** A new input; the one before it, if not started, is dropped. */
  submit(input: I): void;
  /** Runs the waiting input now (the page is being left). */
  flush(): void;
  /** Drops the waiting input; an answer in flight is still delivered unless `dispose`d. */
  cancel(): void;
  dispose(): void;
}

export interface LatestWinsOptions<I, R> {
  delayMs: number;
  run: (input: I) => Promise<R>;
  /** The answer for `input`; `newest` is false when a newer input is already waiting. */
  onResult: (result: R, input: I, newest: boolean) => void;
  onError?: (error: unknown, input: I, newest: boolean) => void;
  /** True when an input is waiting or running, false when all is answered (a "checking…" mark). */
  onBusy?: (busy: boolean) => void;
  /** Run the first input after a quiet spell at once (default true). */
  leading?: boolean;
  timers?: Timers;
}

export function createLatestWins<I, R>(options: LatestWinsOptions<I, R>): LatestWins<I> {
  const timers = options.timers ?? realTimers;
  const leading = options.leading ?? true;
  let waiting: { input: I } | null = null;
  let timer: unknown = null;
  let inFlight = false;
  let lastSubmit = Number.NEGATIVE_INFINITY;
  let disposed = false;

  const clearTimer = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  let busy = false;
  const setBusy = (value: boolean): void => {
    if (busy === value || disposed) return;
    busy = value;
    options.onBusy?.(value);
  };
  const settled = (): void => {
    if (waiting !== null && timer === null) start();
    else if (waiting === null && timer === null) setBusy(false);
  };

  const start = (): void => {
    clearTimer();
    if (inFlight || waiting === null || disposed) return;
    const { input } = waiting;
    waiting = null;
    inFlight = true;
    options.run(input).then(
      (result) => {
        inFlight = false;
        if (!disposed) options.onResult(result, input, waiting === null);
        // What came in while this ran waits its quiet spell (or runs now, if that passed).
        settled();
      },
      (error: unknown) => {
        inFlight = false;
        if (!disposed) options.onError?.(error, input, waiting === null);
        settled();
      },
    );
  };

  return {
    submit(input) {
      if (disposed) return;
      const now = timers.now();
      const quiet = now - lastSubmit >= options.delayMs && timer === null && !inFlight;
      lastSubmit = now;
      waiting = { input };
      setBusy(true);
      clearTimer();
      if (leading && quiet) {
        start();
        return;
      }
      timer = timers.setTimeout(() => {
        timer = null;
        start();
      }, options.delayMs);
    },
    flush() {
      clearTimer();
      start();
    },
    cancel() {
      clearTimer();
      waiting = null;
      if (!inFlight) setBusy(false);
    },
    dispose() {
      disposed = true;
      clearTimer();
      waiting = null;
    },
  };
}
