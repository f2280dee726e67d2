import { describe, expect, it, vi } from 'vitest';
import { fileWorkLimits } from './file-service';
import { bothLimits, BusyError, createWorkLimiter } from './work-limiter';

/** Work that ends when the test says so. */
function held() {
  let release = (): void => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { work: () => done, release };
}

describe('the bound on file work', () => {
  it('runs at most `concurrency` at once, queues the next ones in order, and refuses past the queue', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, maxWaiting: 1, maxWaitMs: 60_000 });
    const a = held();
    const b = held();
    let thirdStarted = false;
    const first = limiter.run(a.work);
    const second = limiter.run(b.work);
    const third = limiter.run(() => {
      thirdStarted = true;
      return Promise.resolve('c');
    });
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(1);
    await expect(limiter.run(() => Promise.resolve('d'))).rejects.toBeInstanceOf(BusyError);
    expect(thirdStarted).toBe(false);
    a.release();
    await first;
    await expect(third).resolves.toBe('c');
    b.release();
    await second;
    expect(limiter.active).toBe(0);
  });

  it('refuses a request that waited too long, with a Retry-After', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, maxWaiting: 4, maxWaitMs: 1 });
    const a = held();
    const first = limiter.run(a.work);
    const refused = await limiter.run(() => Promise.resolve('late')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BusyError);
    expect((refused as BusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limiter.waiting).toBe(0);
    a.release();
    await first;
  });

  it('lets a transfer under way wait however long the queue is', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, maxWaiting: 0, maxWaitMs: 1 });
    const a = held();
    const first = limiter.run(a.work);
    const read = limiter.run(() => Promise.resolve('read'), { queued: 'always' });
    a.release();
    await first;
    await expect(read).resolves.toBe('read');
  });

  it('holds a slot of both limiters, and frees the first when the second refuses', async () => {
    const route = createWorkLimiter({ concurrency: 2, maxWaiting: 0, maxWaitMs: 60_000 });
    const shared = createWorkLimiter({ concurrency: 1, maxWaiting: 0, maxWaitMs: 60_000 });
    const both = bothLimits(route, shared);
    const a = held();
    const first = both.run(a.work);
    await vi.waitFor(() => expect([route.active, shared.active]).toEqual([1, 1]));
    await expect(both.run(() => Promise.resolve('b'))).rejects.toBeInstanceOf(BusyError);
    expect(route.active).toBe(1);
    a.release();
    await first;
    expect([route.active, shared.active]).toEqual([0, 0]);
  });
});

describe('the file routes’ share of the thread pool', () => {
  it.each([
    [4, 3, 2],
    [1, 1, 1],
    [2, 1, 1],
    [16, 15, 2],
  ])('with %i pool threads: %i for all file routes, %i per route', (pool, shared, perRoute) => {
    const limits = fileWorkLimits(pool);
    expect([limits.shared.concurrency, limits.perRoute.concurrency]).toEqual([shared, perRoute]);
  });
});
