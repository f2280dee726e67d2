// job.metrics for a client that reads too slowly, over the real headless host and a real WebSocket:
// while the host's queue towards it is full, the points are held and joined, and once it reads again
// it gets them in a few batches, every point once and in order (its job.log lines meanwhile become a
// gap marker, as before).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import { defaultMaxQueuedBytes, type ClientLink } from '../../src/main/core/events/subscriptions';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import type { JobLogEvent, JobMetricsEvent } from '../../src/shared/contract';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const token = 'slow-metrics-token';
const running: { core: AppCore; server: HeadlessServer; ws: WebSocket }[] = [];

afterEach(async () => {
  for (const { core, server, ws } of running.splice(0)) {
    ws.terminate();
    await server.close();
    core.close();
  }
});

interface Message {
  type: string;
  id?: number;
  event?: string;
  payload?: unknown;
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const text = 'x'.repeat(400);
const logBatch = (from: number, count: number): JobLogEvent => ({
  jobId: 'j',
  fromLine: from,
  lines: Array.from({ length: count }, (_, i) => ({ stream: 'stdout', time: from + i, text })),
  partial: [],
});
const perBatch = 10;
const metricsBatch = (batch: number): JobMetricsEvent => ({
  jobId: 'j',
  points: Array.from({ length: perBatch }, (_, i) => {
    const step = batch * perBatch + i + 1;
    return { step, loss: null, smoothedLoss: 1 / step, lr: null, epoch: 1, time: step };
  }),
});

describe('job.metrics for a slow client', () => {
  it('holds the points while the client is behind and then sends them all, joined, once and in order', async () => {
    const core = createAppCore({
      dataDir: join(tempDir(), 'data'),
      host: 'headless',
      checkResponses: true,
      supervise: false,
      nvidiaSmi: join(tempDir(), 'no-nvidia-smi-here'),
    });
    const links: ClientLink[] = [];
    const server = await startHeadlessServer({
      core: {
        ...core,
        subscriptions: {
          ...core.subscriptions,
          connect: (link) => {
            links.push(link);
            return core.subscriptions.connect(link);
          },
        },
      },
      token,
      host: '127.0.0.1',
      port: 0,
      staticDir: null,
    });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${token}`);
    running.push({ core, server, ws });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const messages: Message[] = [];
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Message));
    ws.send(JSON.stringify({ type: 'subscribe', subscription: 1, event: 'job.log', params: { jobId: 'j' } }));
    ws.send(
      JSON.stringify({ type: 'subscribe', subscription: 2, event: 'job.metrics', params: { jobId: 'j' } }),
    );
    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'app.info', payload: {} }));
    await until('the subscriptions', () => messages.some((m) => m.type === 'response'));
    const host = links[0];
    if (!host) throw new Error('no socket seen');

    // Stop reading; a trainer's log and curve go on until the host's queue towards the client is full.
    const raw = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    let batches = 0;
    const emit = () => {
      core.events.emit('job.log', logBatch(batches * 50, 50));
      core.events.emit('job.metrics', metricsBatch(batches));
      batches++;
    };
    while (host.queuedBytes() < defaultMaxQueuedBytes) {
      if (batches > 20_000) throw new Error('the queue towards the paused client never filled');
      emit();
      if (batches % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Behind now: these are held.
    for (let i = 0; i < 200; i++) emit();
    raw.resume();

    const lastStep = batches * perBatch;
    const metrics = () =>
      messages.filter((m) => m.event === 'job.metrics').map((m) => m.payload as JobMetricsEvent);
    await until('the last point', () => metrics().some((e) => e.points.some((p) => p.step === lastStep)));
    const received = metrics();
    for (const event of received) expect(core.validators.event('job.metrics', event)).toEqual({ ok: true });
    const steps = received.flatMap((event) => event.points.map((point) => point.step));
    expect(steps).toEqual(Array.from({ length: lastStep }, (_, i) => i + 1));
    expect(received.every((event) => event.gap === undefined)).toBe(true);
    // The held points came joined: far fewer events than batches.
    expect(received.length).toBeLessThan(batches);
    expect(Math.max(...received.map((event) => event.points.length))).toBeGreaterThanOrEqual(200 * perBatch);
    // The log lines meanwhile became one gap marker.
    const logs = messages.filter((m) => m.event === 'job.log').map((m) => m.payload as JobLogEvent);
    expect(logs.filter((event) => event.gap)).toHaveLength(1);
  }, 120_000);
});
