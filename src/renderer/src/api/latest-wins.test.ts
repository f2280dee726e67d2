import { describe, expect, it } from 'vitest';
import { createLatestWins, type Timers } from './latest-wins';

/** Timers the test moves by hand. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    setTimeout: (run, ms) => {
      const id = next++;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => pending.delete(id as number),
    now: () => now,
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const [id, entry] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (entry.at > now) continue;
      pending.delete(id);
      entry.run();
    }
  };
  return { timers, advance };
}

/** A run the test answers by hand. */
function manualRuns() {
  const calls: { input: string; resolve: (value: string) => void }[] = [];
  const run = (input: string) =>
    new Promise<string>((resolve) => {
      calls.push({ input, resolve });
    });
  return { calls, run };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('latest wins', () => {
  it('runs the first input at once, then waits for the typing to stop and runs only the newest', async () => {
    const { timers, advance } = fakeTimers();
    const { calls, run } = manualRuns();
    const results: [string, string, boolean][] = [];
    const lw = createLatestWins({
      delayMs: 200,
      run,
      timers,
      onResult: (r, i, n) => results.push([r, i, n]),
    });
    lw.submit('a');
    expect(calls.map((c) => c.input)).toEqual(['a']);
    advance(50);
    lw.submit('ab');
    advance(50);
    lw.submit('abc');
    advance(199);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('A');
    await settle();
    // The answer for "a" is delivered, but said not to be the newest: "abc" waits.
    expect(results).toEqual([['A', 'a', false]]);
    expect(calls).toHaveLength(1);
    advance(1);
    expect(calls.map((c) => c.input)).toEqual(['a', 'abc']);
    calls[1]?.resolve('ABC');
    await settle();
    expect(results.at(-1)).toEqual(['ABC', 'abc', true]);
  });

  it('never has two runs in flight: an input whose spell passed waits for the run, then goes', async () => {
    const { timers, advance } = fakeTimers();
    const { calls, run } = manualRuns();
    const lw = createLatestWins({ delayMs: 100, run, timers, onResult: () => undefined });
    lw.submit('1');
    advance(10);
    lw.submit('2');
    advance(500);
    lw.submit('3');
    advance(500);
    expect(calls.map((c) => c.input)).toEqual(['1']);
    calls[0]?.resolve('one');
    await settle();
    expect(calls.map((c) => c.input)).toEqual(['1', '3']);
  });

  it('flush runs the waiting input now; dispose delivers nothing more', async () => {
    const { timers } = fakeTimers();
    const { calls, run } = manualRuns();
    const results: string[] = [];
    const lw = createLatestWins({
      delayMs: 100,
      run,
      timers,
      leading: false,
      onResult: (r) => results.push(r),
    });
    lw.submit('x');
    expect(calls).toHaveLength(0);
    lw.flush();
    expect(calls.map((c) => c.input)).toEqual(['x']);
    lw.dispose();
    calls[0]?.resolve('X');
    await settle();
    expect(results).toEqual([]);
  });

  it('goes on after a failed run', async () => {
    const { timers, advance } = fakeTimers();
    const errors: string[] = [];
    let fail = true;
    const seen: string[] = [];
    const lw = createLatestWins({
      delayMs: 100,
      timers,
      run: (input: string) =>
        fail ? Promise.reject(new Error('lost')) : Promise.resolve(input.toUpperCase()),
      onResult: (r) => seen.push(r),
      onError: (_e, input) => errors.push(input),
    });
    lw.submit('a');
    await settle();
    fail = false;
    advance(100);
    lw.submit('b');
    await settle();
    expect(errors).toEqual(['a']);
    expect(seen).toEqual(['B']);
  });

  it('says it is busy from the first input until the newest is answered', async () => {
    const { timers, advance } = fakeTimers();
    const { calls, run } = manualRuns();
    const busy: boolean[] = [];
    const lw = createLatestWins({
      delayMs: 100,
      run,
      timers,
      onResult: () => undefined,
      onBusy: (value) => busy.push(value),
    });
    lw.submit('a');
    lw.submit('ab');
    calls[0]?.resolve('A');
    await settle();
    expect(busy).toEqual([true]);
    advance(100);
    calls[1]?.resolve('AB');
    await settle();
    expect(busy).toEqual([true, false]);
  });
});
