import { describe, expect, it } from 'vitest';
import type { EventName, JobLogEvent } from '../../../shared/contract';
import { createEventBus } from './event-bus';
import {
  createSubscriptionRegistry,
  type IntervalTimers,
  type LogPage,
  type SubscriptionId,
} from './subscriptions';

type Line = JobLogEvent['lines'][number];
const line = (n: number): Line => ({ stream: 'stdout', time: n, text: `line ${n}` });
const lines = (from: number, to: number): Line[] =>
  Array.from({ length: to - from }, (_, i) => line(from + i));
const batch = (jobId: string, from: number, to: number): JobLogEvent => ({
  jobId,
  fromLine: from,
  lines: lines(from, to),
  partial: [],
});

/** A display log "on disk": `total` lines, read like logs.read does. */
function fakeLog(logs: Record<string, number>) {
  return (jobId: string, fromLine: number, count: number): LogPage => {
    const total = logs[jobId] ?? 0;
    const end = Math.min(total, fromLine + count);
    return { lines: fromLine < end ? lines(fromLine, end) : [], partial: [], totalLines: total };
  };
}

function manualTimers() {
  const running = new Set<() => void>();
  const timers: IntervalTimers = {
    setInterval: (callback) => {
      running.add(callback);
      return callback;
    },
    clearInterval: (handle) => running.delete(handle as () => void),
  };
  return { timers, tick: () => [...running].forEach((callback) => callback()), running };
}

function setUp(options: { logs?: Record<string, number>; maxQueuedBytes?: number; pageLines?: number } = {}) {
  const events = createEventBus((error) => {
    throw error;
  });
  const clock = manualTimers();
  const registry = createSubscriptionRegistry({
    events,
    readLog: fakeLog(options.logs ?? {}),
    maxQueuedBytes: options.maxQueuedBytes ?? 1000,
    ...(options.pageLines === undefined ? {} : { replayPageLines: options.pageLines }),
    timers: clock.timers,
  });
  const client = () => {
    const received: { id: SubscriptionId; event: EventName; payload: unknown }[] = [];
    const link = {
      queued: 0,
      send: (id: SubscriptionId, event: EventName, payload: unknown) => received.push({ id, event, payload }),
      queuedBytes: () => link.queued,
    };
    return { received, link, registryClient: registry.connect(link) };
  };
  return { events, registry, client, clock };
}

const logsOf = (received: { payload: unknown }[]) => received.map((r) => r.payload as JobLogEvent);
const lineNumbers = (received: { payload: unknown }[]) =>
  logsOf(received).flatMap((e) => e.lines.map((l) => l.time));

describe('the subscription registry', () => {
  it('checks params against the event’s schema, with the same error shape as a request', () => {
    const { client } = setUp();
    const { registryClient } = client();
    expect(registryClient.subscribe(1, 'job.log', {})).toEqual({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: 'Invalid params for job.log: jobId is required.',
        details: [{ path: 'jobId', message: 'is required' }],
      },
    });
    expect(registryClient.subscribe(2, 'job.log', { jobId: 'a', fromLine: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'fromLine' }] },
    });
    expect(registryClient.subscribe(3, 'settings.changed', { jobId: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'jobId', message: 'is not a known field' }] },
    });
    expect(registryClient.subscribe(4, 'jobs.secret', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(registryClient.subscribe(5, 'settings.changed', undefined)).toEqual({ ok: true });
    expect(registryClient.subscribe(6, 'job.progress', { jobId: 'a' })).toEqual({ ok: true });
  });

  it('delivers only what the params ask for', () => {
    const { events, client } = setUp();
    const a = client();
    const all = client();
    a.registryClient.subscribe(1, 'job.log', { jobId: 'a' });
    a.registryClient.subscribe(2, 'job.progress', { jobId: 'a' });
    all.registryClient.subscribe('p', 'job.progress', {});
    events.emit('job.log', batch('b', 0, 2));
    events.emit('job.log', batch('a', 0, 3));
    const progress = (jobId: string) => ({
      jobId,
      phase: 'training' as const,
      ...Object.fromEntries(
        [
          'step',
          'total',
          'epoch',
          'epochs',
          'loss',
          'smoothedLoss',
          'lr',
          'itPerSec',
          'etaSeconds',
          'nextSave',
          'nextSample',
        ].map((k) => [k, null]),
      ),
    });
    events.emit('job.progress', progress('b') as never);
    events.emit('job.progress', progress('a') as never);
    expect(a.received.map((r) => [r.id, r.event, (r.payload as { jobId: string }).jobId])).toEqual([
      [1, 'job.log', 'a'],
      [2, 'job.progress', 'a'],
    ]);
    expect(all.received.map((r) => (r.payload as { jobId: string }).jobId)).toEqual(['b', 'a']);
    a.registryClient.unsubscribe(1);
    events.emit('job.log', batch('a', 3, 4));
    expect(a.received).toHaveLength(2);
  });

  it('counts who watches what, and says so when it changes', () => {
    const { registry, client } = setUp();
    const changes: [EventName, number][] = [];
    registry.onWatchersChanged((event, count) => changes.push([event, count]));
    const one = client();
    const two = client();
    one.registryClient.subscribe(1, 'gpu.stats');
    two.registryClient.subscribe(1, 'gpu.stats');
    one.registryClient.subscribe(2, 'job.log', { jobId: 'a' });
    two.registryClient.subscribe(2, 'job.log', { jobId: 'b' });
    expect(registry.watchers('gpu.stats')).toBe(2);
    expect(registry.watchers('job.log', { jobId: 'a' })).toBe(1);
    expect(registry.watchers('job.log', { jobId: 'c' })).toBe(0);
    one.registryClient.close();
    two.registryClient.unsubscribe(1);
    expect(changes.filter(([event]) => event === 'gpu.stats')).toEqual([
      ['gpu.stats', 1],
      ['gpu.stats', 2],
      ['gpu.stats', 1],
      ['gpu.stats', 0],
    ]);
    expect(registry.watchers('job.log')).toBe(1);
  });

  it('says so when a client points a subscription at another job, though the count stays the same', () => {
    const { registry, client } = setUp();
    const changes: [EventName, number][] = [];
    registry.onWatchersChanged((event, count) => changes.push([event, count]));
    const tab = client();
    tab.registryClient.subscribe(1, 'job.log', { jobId: 'a' });
    tab.registryClient.subscribe(1, 'job.log', { jobId: 'b' });
    expect(changes).toEqual([
      ['job.log', 1],
      ['job.log', 1],
    ]);
    expect(registry.watchers('job.log', { jobId: 'a' })).toBe(0);
    expect(registry.watchers('job.log', { jobId: 'b' })).toBe(1);
  });

  it('resumes a job.log subscription from its fromLine: the lines on disk first, then live, none twice', () => {
    const logs = { a: 25 };
    const { events, client } = setUp({ logs, pageLines: 10 });
    const c = client();
    c.registryClient.subscribe(1, 'job.log', { jobId: 'a', fromLine: 7 });
    // In pages, the last with the open line; every line from 7 to the end of the log.
    expect(logsOf(c.received).map((e) => [e.fromLine, e.lines.length])).toEqual([
      [7, 10],
      [17, 8],
    ]);
    // A live batch overlapping what was read, then one after a jump the registry fills from disk.
    events.emit('job.log', batch('a', 20, 27));
    logs.a = 32;
    events.emit('job.log', batch('a', 30, 32));
    expect(lineNumbers(c.received)).toEqual(lines(7, 32).map((l) => l.time));
  });

  it('starts a client that claims more lines than the log has at the log’s end', () => {
    const { client } = setUp({ logs: { a: 5 } });
    const c = client();
    c.registryClient.subscribe(1, 'job.log', { jobId: 'a', fromLine: 50 });
    expect(logsOf(c.received)).toEqual([{ jobId: 'a', fromLine: 5, lines: [], partial: [] }]);
  });

  it('gives a client that falls behind one gap marker instead of the lines, then goes on live', () => {
    const logs = { a: 0 };
    const { events, client, clock } = setUp({ logs, maxQueuedBytes: 1000 });
    const c = client();
    c.registryClient.subscribe(1, 'job.log', { jobId: 'a' });
    events.emit('job.log', batch('a', 0, 10));
    c.link.queued = 5000; // the client stopped reading
    for (let from = 10; from < 1000; from += 10) events.emit('job.log', batch('a', from, from + 10));
    logs.a = 1000;
    expect(c.received).toHaveLength(1);
    clock.tick(); // still behind
    expect(c.received).toHaveLength(1);

    c.link.queued = 100; // caught up
    clock.tick();
    expect(clock.running.size).toBe(0);
    expect(logsOf(c.received.slice(1))).toEqual([
      { jobId: 'a', fromLine: 1000, lines: [], partial: [], gap: { fromLine: 10, toLine: 1000 } },
    ]);
    events.emit('job.log', batch('a', 1000, 1005));
    expect(logsOf(c.received.slice(2))).toEqual([batch('a', 1000, 1005)]);
  });

  it('counts lines written while a client was behind but not yet announced into its gap', () => {
    const logs = { a: 40 };
    const { events, client, clock } = setUp({ logs, maxQueuedBytes: 1000 });
    const c = client();
    c.link.queued = 5000;
    // Too far behind to replay anything: the whole resume becomes the gap.
    c.registryClient.subscribe(1, 'job.log', { jobId: 'a', fromLine: 12 });
    expect(c.received).toEqual([]);
    c.link.queued = 0;
    clock.tick();
    expect(logsOf(c.received)).toEqual([
      { jobId: 'a', fromLine: 40, lines: [], partial: [], gap: { fromLine: 12, toLine: 40 } },
    ]);
    events.emit('job.log', batch('a', 40, 41));
    expect(lineNumbers(c.received)).toEqual([40]);
  });

  it('keeps only the newest snapshot per thing for a client that is behind, in first-seen order', () => {
    const { events, client, clock } = setUp();
    const slow = client();
    const fast = client();
    for (const c of [slow, fast]) {
      c.registryClient.subscribe(1, 'gpu.stats');
      c.registryClient.subscribe(2, 'queue.changed');
    }
    slow.link.queued = 5000;
    const sample = (n: number) =>
      ({ state: 'ok', message: `sample ${n}`, sampledAt: null, gpus: [] }) as never;
    const queue = (reason: 'order' | 'pause', paused: boolean) =>
      ({ reason, paused, pausedAt: null, counts: {} }) as never;
    events.emit('gpu.stats', sample(1));
    events.emit('queue.changed', queue('order', false));
    events.emit('gpu.stats', sample(2));
    events.emit('queue.changed', queue('pause', true));
    events.emit('queue.changed', queue('pause', false));
    events.emit('gpu.stats', sample(3));
    expect(slow.received).toEqual([]);
    expect(fast.received).toHaveLength(6);
    slow.link.queued = 0;
    clock.tick();
    expect(slow.received.map((r) => r.payload)).toEqual([
      sample(3),
      queue('order', false),
      queue('pause', false),
    ]);
  });

  it('gives a client that is behind every metric point of its job, joined into one batch, and moves in order', () => {
    const { events, client, clock } = setUp();
    const slow = client();
    const fast = client();
    for (const c of [slow, fast]) {
      c.registryClient.subscribe(1, 'job.metrics', { jobId: 'a' });
      c.registryClient.subscribe(2, 'queue.changed');
    }
    const point = (step: number) => ({
      step,
      loss: null,
      smoothedLoss: 1 / step,
      lr: null,
      epoch: 1,
      time: step,
    });
    const metrics = (jobId: string, from: number, to: number) => ({
      jobId,
      points: Array.from({ length: to - from }, (_, i) => point(from + i)),
    });
    const move = (id: string) =>
      ({
        reason: 'order',
        paused: false,
        pausedAt: null,
        counts: {},
        moved: [{ id, from: 1, to: 2, after: null, before: null }],
      }) as never;
    events.emit('job.metrics', metrics('a', 1, 4));
    slow.link.queued = 5000;
    events.emit('job.metrics', metrics('a', 4, 6));
    events.emit('queue.changed', move('x'));
    events.emit('job.metrics', metrics('b', 1, 9));
    events.emit('job.metrics', metrics('a', 6, 9));
    events.emit('queue.changed', move('y'));
    expect(fast.received.filter((r) => r.event === 'job.metrics')).toHaveLength(3);
    slow.link.queued = 0;
    clock.tick();
    expect(slow.received.map((r) => r.payload)).toEqual([
      metrics('a', 1, 4),
      metrics('a', 4, 9),
      {
        reason: 'order',
        paused: false,
        pausedAt: null,
        counts: {},
        moved: ['x', 'y'].map((id) => ({ id, from: 1, to: 2, after: null, before: null })),
      },
    ]);
  });

  it('forgets a closed client: nothing held for it is sent, its watchers are gone', () => {
    const { events, registry, client, clock } = setUp();
    const c = client();
    c.registryClient.subscribe(1, 'gpu.stats');
    c.link.queued = 5000;
    events.emit('gpu.stats', { state: 'ok', message: '', sampledAt: null, gpus: [] } as never);
    c.registryClient.close();
    c.link.queued = 0;
    clock.tick();
    expect(c.received).toEqual([]);
    expect(registry.watchers('gpu.stats')).toBe(0);
    expect(clock.running.size).toBe(0);
  });
});
