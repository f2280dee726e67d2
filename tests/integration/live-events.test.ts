// The live events a screen needs, through a real `dpgui serve` and its WebSocket, as a client uses
// them: a fake sd-scripts run (replaying the real trainer's bytes) pushes every step's metric point
// with its average loss, a silent trainer is announced as stalled, wait reasons and queue moves come
// as events, the log's last lines come in one call, and jobs.list sorts the history.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  JobListPage,
  JobMetrics,
  JobMetricsEvent,
  JobProgress,
  JobStalledEvent,
  LogsReadResponse,
  QueueChanged,
  QueueWaitReasons,
  Settings,
} from '../../src/shared/contract';
import {
  enqueue,
  fakePython,
  makeWorld,
  ok,
  sdJob,
  startHost,
  until,
  untilStatus,
  useSupervisorHosts,
  validators,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

interface Message {
  type: string;
  id?: number;
  event?: string;
  subscription?: number;
  payload?: unknown;
}

async function openSocket(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const messages: Message[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Message));
  let requests = 0;
  return {
    ws,
    subscribe(subscription: number, event: string, params?: unknown) {
      ws.send(JSON.stringify({ type: 'subscribe', subscription, event, ...(params ? { params } : {}) }));
    },
    /** A request answers in order: every subscription sent before it is in place. */
    async settle() {
      const mine = ++requests;
      ws.send(JSON.stringify({ type: 'request', id: mine, channel: 'app.info', payload: {} }));
      await until(
        'the socket to answer',
        () => Promise.resolve(messages.some((m) => m.type === 'response' && m.id === mine)),
        15_000,
      );
    },
    events<T>(event: string): T[] {
      return messages.filter((m) => m.type === 'event' && m.event === event).map((m) => m.payload as T);
    },
  };
}

describe('live events through dpgui serve', () => {
  it('pushes every step of a fake sd-scripts run with its loss, a stall, wait reasons and queue moves', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    const socket = await openSocket(host.port, host.token);
    try {
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: fakePython, folder: world.sdScripts, env: { HF_HOME: join(root, 'hf') } },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
        // 0.3 s of silence: the trainer below stays silent until the test lets it go on.
        stalledAfterMinutes: 0.005,
      });
      await ok(host, 'queue.pause', {});
      const go = join(root, 'go');
      const id = await enqueue(
        host,
        sdJob(root, world, 'a', ['--replay', 'plain_split_unbuf', '--speed', '8', '--wait-for', go]),
      );
      socket.subscribe(1, 'job.metrics', { jobId: id });
      socket.subscribe(2, 'job.stalled', { jobId: id });
      socket.subscribe(3, 'queue.waitReasons');
      socket.subscribe(4, 'queue.changed');
      socket.subscribe(5, 'job.progress', { jobId: id });
      await socket.settle();

      // A new subscriber gets the reasons at once; they change when the queue is resumed.
      const paused = await until(
        'the wait reasons',
        () => Promise.resolve(socket.events<QueueWaitReasons>('queue.waitReasons').at(-1)),
        15_000,
      );
      expect(paused.items).toEqual([{ jobId: id, reason: expect.stringMatching(/paused/) as unknown }]);

      // Two more jobs, moved and canceled while the queue is paused: the event says what moved where.
      const b = await enqueue(host, sdJob(root, world, 'b', []));
      const c = await enqueue(host, sdJob(root, world, 'c', []));
      await ok(host, 'jobs.reorder', { id: c, to: { before: b } });
      const move = await until(
        'the move',
        () => Promise.resolve(socket.events<QueueChanged>('queue.changed').find((e) => e.moved)),
        15_000,
      );
      expect(move.moved).toEqual([
        {
          id: c,
          from: expect.any(Number) as unknown,
          to: expect.any(Number) as unknown,
          after: id,
          before: b,
        },
      ]);
      for (const other of [b, c]) await ok(host, 'jobs.cancel', { id: other });

      await ok(host, 'queue.resume', {});
      await until(
        'the wait reasons to say nobody waits',
        () =>
          Promise.resolve(
            socket.events<QueueWaitReasons>('queue.waitReasons').some((e) => e.items.length === 0),
          ),
        20_000,
      );

      // The trainer prints its 10 steps, then nothing: the host says it stalled.
      const stalled = await until(
        'the stalled warning',
        () => Promise.resolve(socket.events<JobStalledEvent>('job.stalled').at(-1)),
        60_000,
      );
      expect(stalled.jobId).toBe(id);
      expect(stalled.message).toMatch(/^Job "a" \(.+\) has printed nothing for \d+ (s|min): .+\.$/);
      writeFileSync(go, '');
      await untilStatus(host, id, ['succeeded'], 60_000);

      const batches = socket.events<JobMetricsEvent>('job.metrics');
      for (const batch of batches) expect(validators.event('job.metrics', batch)).toEqual({ ok: true });
      // The last values of each step: a step's point may come again with later values.
      const byStep = new Map(batches.flatMap((batch) => batch.points).map((point) => [point.step, point]));
      expect([...byStep.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const point of byStep.values()) {
        expect(point.smoothedLoss, `step ${point.step}`).toEqual(expect.any(Number));
        expect(point.time).toEqual(expect.any(Number));
      }
      expect(byStep.get(10)?.smoothedLoss).toBe(1.05);
      // Each progress event names the step it reports, in order, up to the last with its loss.
      const progress = socket.events<JobProgress>('job.progress').filter((p) => p.phase === 'training');
      expect(progress.length).toBeGreaterThan(0);
      const steps = progress.map((p) => p.step);
      expect(steps.every((step) => typeof step === 'number')).toBe(true);
      expect(steps).toEqual([...steps].sort((x, y) => (x ?? 0) - (y ?? 0)));
      const lastProgress = socket
        .events<JobProgress>('job.progress')
        .filter((p) => p.step === 10)
        .at(-1);
      expect(lastProgress?.smoothedLoss).toBe(byStep.get(10)?.smoothedLoss);
      // The same curve as jobs.metrics stores.
      const stored = await ok<JobMetrics>(host, 'jobs.metrics', { id });
      expect(stored.points).toEqual(
        [...byStep.values()].map((point) => {
          const { time, ...rest } = point;
          expect(time).toBeGreaterThan(0);
          return rest;
        }),
      );

      // The log's last lines in one call.
      const whole = await ok<LogsReadResponse>(host, 'logs.read', { jobId: id, fromLine: 0 });
      const tail = await ok<LogsReadResponse>(host, 'logs.read', { jobId: id, last: 5 });
      expect(tail.fromLine).toBe(whole.totalLines - 5);
      expect(tail.lines).toEqual(whole.lines.slice(-5));
      expect(tail.lines).toHaveLength(5);

      // The history, newest first and by state.
      const names = async (sort: string) =>
        (await ok<JobListPage>(host, 'jobs.list', { sort })).items.map((job) => job.name);
      expect(await names('newest')).toEqual(['c', 'b', 'a']);
      expect(await names('status')).toEqual(['a', 'c', 'b']);
      expect(await names('queue')).toEqual(['a', 'c', 'b']);
    } finally {
      socket.ws.terminate();
    }
  }, 180_000);
});
