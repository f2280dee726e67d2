import { describe, expect, it } from 'vitest';
import type { QueueWaitReasons } from '../../../shared/contract';
import { createWaitReasonsFeed } from './wait-reasons-feed';

function setUp() {
  const planned = new Set<() => void>();
  /** Runs what the feed planned. */
  const nextRun = () => {
    const due = [...planned];
    planned.clear();
    for (const run of due) run();
  };
  let items: QueueWaitReasons['items'] = [{ jobId: 'a', reason: 'GPUs busy' }];
  let watched = true;
  let computed = 0;
  const sent: QueueWaitReasons[] = [];
  const feed = createWaitReasonsFeed({
    compute: () => {
      computed++;
      return items;
    },
    emit: (payload) => sent.push(payload),
    isWatched: () => watched,
    minIntervalMs: 0,
    timers: {
      setTimeout: (callback) => {
        planned.add(callback);
        return callback;
      },
      clearTimeout: (handle) => planned.delete(handle as () => void),
    },
  });
  return {
    nextRun,
    feed,
    sent,
    computed: () => computed,
    set: (next: QueueWaitReasons['items']) => (items = next),
    watch: (on: boolean) => (watched = on),
  };
}

describe('queue.waitReasons', () => {
  it('is sent when the reasons change, not for every dispatch', () => {
    const s = setUp();
    s.feed.refresh();
    s.nextRun();
    s.feed.refresh();
    s.nextRun();
    expect(s.sent).toEqual([{ items: [{ jobId: 'a', reason: 'GPUs busy' }] }]);
    s.set([]);
    s.feed.refresh();
    s.nextRun();
    expect(s.sent.at(-1)).toEqual({ items: [] });
    expect(s.sent).toHaveLength(2);
    s.feed.close();
  });

  it('is not planned while nobody subscribes, and a newcomer gets the current reasons', () => {
    const s = setUp();
    s.watch(false);
    s.feed.refresh();
    s.nextRun();
    expect(s.computed()).toBe(0);
    s.watch(true);
    s.feed.watchersChanged();
    s.nextRun();
    expect(s.sent).toEqual([{ items: [{ jobId: 'a', reason: 'GPUs busy' }] }]);
    // Another subscriber: the same reasons again, for it.
    s.feed.watchersChanged();
    s.nextRun();
    expect(s.sent).toHaveLength(2);
    s.feed.close();
  });
});
