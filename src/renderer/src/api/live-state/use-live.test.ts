// @vitest-environment happy-dom
/**
 * The live hooks against a host the test plays: the order of subscribe and snapshot, events that
 * arrive while a read is in flight, reconnects, and job.log's resume and gap markers.
 */
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createElement, StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobLogEvent, JobSummary, QueueState } from '../../../../shared/contract';
import { TransportProvider } from '../client-context';
import { allRows, isGapRow, type JobLog } from './apply-job-log';
import { createFakeTransport } from './fake-transport';
import { LiveStateProvider } from './LiveStateProvider';
import { useJobLog } from './use-job-log';
import { useJobs } from './use-jobs';
import { useQueueState } from './use-queue-state';

afterEach(cleanup);

/** Runs `fn` and lets the answers it gave reach the cache. */
const settle = (fn: () => unknown) =>
  act(async () => {
    fn();
    await Promise.resolve();
  });

function renderLive<T>(hook: () => T, { strict = false, resubscribes = false } = {}) {
  const fake = createFakeTransport({ resubscribes });
  const wrapper = ({ children }: { children: ReactNode }) => {
    const tree = createElement(TransportProvider, {
      transport: fake.transport,
      children: createElement(LiveStateProvider, { children }),
    });
    // main.tsx renders in StrictMode: effects mount, unmount and mount again.
    return strict ? createElement(StrictMode, null, tree) : tree;
  };
  return { fake, ...renderHook(hook, { wrapper }) };
}

const counts = {
  queued: 2,
  held: 0,
  starting: 0,
  running: 1,
  stopping: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  interrupted: 0,
};
const queueState = (paused: boolean): QueueState => ({
  paused,
  pausedAt: paused ? '2026-01-01T00:00:00.000Z' : null,
  counts,
});

const logLine = (n: number) => ({ stream: 'stdout' as const, time: n, text: `line ${n}` });
const logBatch = (fromLine: number, to: number): JobLogEvent => ({
  jobId: 'j',
  fromLine,
  lines: Array.from({ length: to - fromLine }, (_, i) => logLine(fromLine + i)),
  partial: [],
});
const logRead = (fromLine: number, to: number) => ({ ...logBatch(fromLine, to), totalLines: to });
const shown = (log: JobLog | undefined) =>
  log
    ? allRows(log).map((row) => (isGapRow(row) ? `gap ${row.gap.fromLine}-${row.gap.toLine}` : row.line))
    : [];
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('useLive', () => {
  it('subscribes before it asks for the snapshot, and applies an event that came meanwhile on top of it', async () => {
    const { fake, result } = renderLive(() => useQueueState());
    await waitFor(() => expect(fake.pending('queue.state')).toHaveLength(1));
    expect(fake.sent).toEqual(['subscribe queue.changed', 'subscribe job.updated', 'request queue.state']);

    // The queue is paused while the (older) snapshot is on its way.
    act(() => fake.emit('queue.changed', { ...queueState(true), reason: 'pause' }));
    expect(result.current.data).toBeUndefined();
    await settle(() => fake.answer('queue.state', queueState(false)));
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(result.current.data?.paused).toBe(true);
  });

  it('keeps one subscription per event under StrictMode, and still applies an event after its snapshot', async () => {
    const { fake, result } = renderLive(() => useQueueState(), { strict: true });
    await waitFor(() => expect(fake.pending('queue.state').length).toBeGreaterThan(0));
    expect(fake.open('queue.changed')).toHaveLength(1);
    act(() => fake.emit('queue.changed', { ...queueState(true), reason: 'pause' }));
    while (fake.pending('queue.state').length > 0)
      await settle(() => fake.answer('queue.state', queueState(false)));
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(result.current.data?.paused).toBe(true);
  });

  it('applies later events to the held state, and reads it again when an event says so', async () => {
    const { fake, result } = renderLive(() => useQueueState());
    await waitFor(() => expect(fake.pending('queue.state')).toHaveLength(1));
    await settle(() => fake.answer('queue.state', queueState(false)));
    await waitFor(() => expect(result.current.data?.paused).toBe(false));
    act(() => fake.emit('queue.changed', { ...queueState(true), reason: 'pause' }));
    await waitFor(() => expect(result.current.data?.paused).toBe(true));
    // job.updated does not say which count it moved: the state is read again.
    act(() => fake.emit('job.updated', {}));
    await waitFor(() => expect(fake.pending('queue.state')).toHaveLength(1));
    await settle(() =>
      fake.answer('queue.state', { ...queueState(true), counts: { ...counts, running: 2 } }),
    );
    await waitFor(() => expect(result.current.data?.counts.running).toBe(2));
  });

  it('reads every live query again after a reconnect (what changed meanwhile was not sent)', async () => {
    const { fake, result } = renderLive(() => useQueueState());
    await waitFor(() => expect(fake.pending('queue.state')).toHaveLength(1));
    await settle(() => fake.answer('queue.state', queueState(false)));
    await waitFor(() => expect(result.current.data?.paused).toBe(false));

    act(() => fake.drop());
    expect(fake.pending('queue.state')).toHaveLength(0);
    act(() => fake.reconnect());
    await waitFor(() => expect(fake.pending('queue.state')).toHaveLength(1));
    await settle(() => fake.answer('queue.state', queueState(true)));
    await waitFor(() => expect(result.current.data?.paused).toBe(true));
  });

  it('applies an event that came while a further page was read to the rows of that page', async () => {
    const job = (id: string, position: number, status: JobSummary['status'], updatedAt: string) =>
      ({ id, name: id, status, position, createdAt: updatedAt, updatedAt }) as JobSummary;
    const { fake, result } = renderLive(() => useJobs({}));
    await waitFor(() => expect(fake.pending('jobs.list')).toHaveLength(1));
    await settle(() =>
      fake.answer('jobs.list', { items: [job('a', 1, 'running', 't1')], total: 2, nextCursor: 'c1' }),
    );
    await waitFor(() => expect(result.current.data?.items).toHaveLength(1));

    let more: Promise<void> = Promise.resolve();
    act(() => {
      more = result.current.loadMore();
    });
    await waitFor(() => expect(fake.pending('jobs.list')).toHaveLength(1));
    expect(fake.pending('jobs.list')[0]?.payload).toMatchObject({ cursor: 'c1' });
    // b starts while its page is on the way; the page still says queued.
    act(() => fake.emit('job.updated', job('b', 2, 'running', 't3')));
    await act(async () => {
      fake.answer('jobs.list', { items: [job('b', 2, 'queued', 't2')], total: 2, nextCursor: null });
      await more;
    });
    await waitFor(() => expect(result.current.data?.items).toHaveLength(2));
    expect(result.current.data?.items.map((j) => `${j.id} ${j.status}`)).toEqual(['a running', 'b running']);
  });
});

describe('useJobLog', () => {
  async function followedLog(options: { resubscribes?: boolean } = {}) {
    const rendered = renderLive(() => useJobLog('j'), options);
    const { fake, result } = rendered;
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toMatchObject({
      jobId: 'j',
      last: expect.any(Number) as number,
    });
    await settle(() => fake.answer('logs.read', logRead(0, 3)));
    // The live lines are asked for from the line after the tail it read: none missing, none twice.
    await waitFor(() => expect(fake.open('job.log')).toHaveLength(1));
    expect(fake.open('job.log')[0]?.params).toEqual({ jobId: 'j', fromLine: 3 });
    act(() => fake.emit('job.log', logBatch(3, 5)));
    await waitFor(() => expect(shown(result.current.data)).toEqual(range(0, 5)));
    return rendered;
  }

  it('resumes after a reconnect from the line after the last one held, without a line twice or missing', async () => {
    const { fake, result } = await followedLog();
    act(() => fake.drop());
    act(() => fake.reconnect());
    await waitFor(() => expect(fake.open('job.log')).toHaveLength(1));
    const resumed = fake.open('job.log')[0];
    expect(resumed?.params).toEqual({ jobId: 'j', fromLine: 5 });
    // The host sends from where it was asked, and a transport that also resumed on its own sends an
    // overlapping batch: each line is held once, and the held lines were not read again.
    act(() => {
      const from = (resumed?.params as { fromLine: number }).fromLine;
      resumed?.send(logBatch(from, 8));
      resumed?.send(logBatch(4, 9));
    });
    await waitFor(() => expect(result.current.data?.nextLine).toBe(9));
    expect(shown(result.current.data)).toEqual(range(0, 9));
    expect(fake.pending('logs.read')).toHaveLength(0);
  });

  it('leaves the log subscription to a transport that resumes it by itself, so the backlog comes once', async () => {
    const { fake, result } = await followedLog({ resubscribes: true });
    act(() => fake.drop());
    act(() => fake.reconnect());
    // The transport's own subscription goes on (it asks the host from the line after its last); the
    // live state opens none beside it, and reads nothing again.
    expect(fake.all('job.log')).toHaveLength(1);
    act(() => fake.emit('job.log', logBatch(5, 7)));
    await waitFor(() => expect(result.current.data?.nextLine).toBe(7));
    expect(shown(result.current.data)).toEqual(range(0, 7));
    expect(fake.pending('logs.read')).toHaveLength(0);
  });

  it("keeps the host's gap marker as a row, and fills it with logs.read on demand", async () => {
    const { fake, result } = await followedLog();
    act(() =>
      fake.emit('job.log', {
        jobId: 'j',
        fromLine: 40,
        lines: [],
        partial: [],
        gap: { fromLine: 5, toLine: 40 },
      }),
    );
    act(() => fake.emit('job.log', logBatch(40, 42)));
    await waitFor(() => expect(result.current.data?.nextLine).toBe(42));
    expect(shown(result.current.data)).toEqual([...range(0, 5), 'gap 5-40', 40, 41]);

    const gapRow = result.current.data ? allRows(result.current.data).find(isGapRow) : undefined;
    let expanding: Promise<void> = Promise.resolve();
    act(() => {
      if (gapRow) expanding = result.current.expandGap(gapRow);
    });
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 5, count: 35 });
    // A live line while the gap is read stays too.
    act(() => fake.emit('job.log', logBatch(42, 43)));
    await act(async () => {
      fake.answer('logs.read', { ...logRead(5, 40), totalLines: 43 });
      await expanding;
    });
    await waitFor(() => expect(result.current.data?.rowCount).toBe(43));
    expect(shown(result.current.data)).toEqual(range(0, 43));
  });
});
