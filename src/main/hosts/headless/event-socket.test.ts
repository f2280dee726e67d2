// Subscriptions with params over the real headless host and a real WebSocket: filtered delivery, the
// contract's error for bad params, gpu.stats sampled for a watcher, a resume from a line, and a client
// that stops reading (the host's queue towards it stays bounded; it gets one gap marker).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobLogEvent } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../../core/app-core';
import { defaultMaxQueuedBytes, type ClientLink } from '../../core/events/subscriptions';
import { openDisplayLogWriter } from '../../core/logs/display-log-writer';
import { startHeadlessServer, type HeadlessServer } from './headless-server';

const tempDir = useTempDirs();
const token = 'event-socket-token';
const running: { core: AppCore; server: HeadlessServer; sockets: WebSocket[] }[] = [];

afterEach(async () => {
  for (const { core, server, sockets } of running.splice(0)) {
    for (const socket of sockets) socket.terminate();
    await server.close();
    core.close();
  }
});

interface Message {
  type: string;
  event?: string;
  subscription?: number;
  payload?: unknown;
  error?: { code: string; details: { path: string }[] };
}

async function start() {
  const dataDir = join(tempDir(), 'data');
  const core = createAppCore({
    dataDir,
    host: 'headless',
    checkResponses: true,
    supervise: false,
    nvidiaSmi: join(dataDir, 'no-nvidia-smi-here'),
  });
  // The host's side of each socket, as the registry sees it (its queue is ws.bufferedAmount).
  const links: ClientLink[] = [];
  const watched: AppCore = {
    ...core,
    subscriptions: {
      ...core.subscriptions,
      connect: (link) => {
        links.push(link);
        return core.subscriptions.connect(link);
      },
    },
  };
  const server = await startHeadlessServer({
    core: watched,
    token,
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
  });
  const entry = { core, server, sockets: [] as WebSocket[] };
  running.push(entry);
  const open = async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${token}`);
    entry.sockets.push(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const messages: Message[] = [];
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Message));
    let id = 0;
    /** A request answers in order: everything sent before it has been handled. */
    const settle = async () => {
      const mine = ++id;
      ws.send(JSON.stringify({ type: 'request', id: mine, channel: 'app.info', payload: {} }));
      await until(() => messages.some((m) => m.type === 'response' && (m as { id?: number }).id === mine));
    };
    return { ws, messages, settle, events: () => messages.filter((m) => m.type !== 'response') };
  };
  return { core, dataDir, links, open };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const text = 'x'.repeat(400);
const batch = (jobId: string, from: number, count: number): JobLogEvent => ({
  jobId,
  fromLine: from,
  lines: Array.from({ length: count }, (_, i) => ({ stream: 'stdout', time: from + i, text })),
  partial: [],
});

describe('subscriptions over the event socket', () => {
  it('delivers what each subscription’s params ask for, tagged with its number, and refuses bad params', async () => {
    const { core, open } = await start();
    const client = await open();
    const send = (message: object) => client.ws.send(JSON.stringify(message));
    send({ type: 'subscribe', subscription: 1, event: 'job.log', params: { jobId: 'a' } });
    send({ type: 'subscribe', subscription: 2, event: 'job.log', params: { jobId: 'b' } });
    send({ type: 'subscribe', subscription: 3, event: 'job.log', params: { fromLine: 3 } });
    await client.settle();
    expect(client.events()).toEqual([
      {
        type: 'error',
        subscription: 3,
        error: {
          code: 'invalid_payload',
          message: 'Invalid params for job.log: jobId is required.',
          details: [{ path: 'jobId', message: 'is required' }],
        },
      },
    ]);
    core.events.emit('job.log', batch('b', 0, 1));
    core.events.emit('job.log', batch('c', 0, 1));
    core.events.emit('job.log', batch('a', 0, 2));
    await until(() => client.events().length === 3);
    expect(
      client
        .events()
        .slice(1)
        .map((m) => [m.subscription, (m.payload as JobLogEvent).jobId]),
    ).toEqual([
      [2, 'b'],
      [1, 'a'],
    ]);

    send({ type: 'unsubscribe', event: 'job.log', subscription: 1 });
    await client.settle();
    core.events.emit('job.log', batch('a', 2, 1));
    core.events.emit('job.log', batch('b', 1, 1));
    await until(() => client.events().length === 4);
    expect(client.events()[3]?.subscription).toBe(2);
  });

  it('samples the GPUs for a gpu.stats watcher, and says so when there is no nvidia-smi', async () => {
    const { core, open } = await start();
    const client = await open();
    expect(core.gpus.latest()).toBeNull();
    client.ws.send(JSON.stringify({ type: 'subscribe', subscription: 7, event: 'gpu.stats' }));
    await until(() => client.events().length > 0);
    expect(client.events()[0]).toMatchObject({ type: 'event', event: 'gpu.stats', subscription: 7 });
    expect((client.events()[0]?.payload as { state: string }).state).not.toBe('ok');
    expect(core.subscriptions.watchers('gpu.stats')).toBe(1);
    client.ws.close();
    await until(() => core.subscriptions.watchers('gpu.stats') === 0);
  });

  it('resumes a job’s log from the line asked for, then goes on live without a gap or a line twice', async () => {
    const { core, dataDir, open } = await start();
    const runDir = join(dataDir, 'runs', 'job-1');
    mkdirSync(runDir, { recursive: true });
    const writer = openDisplayLogWriter(runDir);
    writer.append(batch('job-1', 0, 30).lines, {
      offsets: { stdout: 0, stderr: 0 },
      assembler: null,
      ended: false,
    });
    writer.close();
    const client = await open();
    client.ws.send(
      JSON.stringify({
        type: 'subscribe',
        subscription: 1,
        event: 'job.log',
        params: { jobId: 'job-1', fromLine: 20 },
      }),
    );
    await client.settle();
    core.events.emit('job.log', batch('job-1', 30, 5));
    await until(() => client.events().length === 2);
    const numbers = client.events().flatMap((m) => (m.payload as JobLogEvent).lines.map((l) => l.time));
    expect(numbers).toEqual(Array.from({ length: 15 }, (_, i) => 20 + i));
    expect(client.events().every((m) => core.validators.event('job.log', m.payload).ok)).toBe(true);
  });

  it('keeps the queue towards a client that stops reading bounded, and gives it one gap marker', async () => {
    const { core, links, open } = await start();
    const client = await open();
    client.ws.send(
      JSON.stringify({ type: 'subscribe', subscription: 1, event: 'job.log', params: { jobId: 'j' } }),
    );
    client.ws.send(JSON.stringify({ type: 'subscribe', subscription: 2, event: 'queue.changed' }));
    await client.settle();
    const host = links[0];
    if (!host) throw new Error('no socket seen');

    // Stop reading: the kernel's buffers fill, then ws's own queue would grow with every send.
    const raw = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const perBatch = 50;
    const batches = 3000; // ~60 MB of log lines
    let peakQueued = 0;
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    for (let i = 0; i < batches; i++) {
      core.events.emit('job.log', batch('j', i * perBatch, perBatch));
      peakQueued = Math.max(peakQueued, host.queuedBytes());
      if (i % 50 === 0) {
        core.events.emit('queue.changed', {
          paused: i % 100 === 0,
          pausedAt: null,
          reason: 'pause',
          counts: counts(),
        });
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const oneBatchBytes = JSON.stringify({
      type: 'event',
      event: 'job.log',
      payload: batch('j', 0, perBatch),
    }).length;
    // Past the bound by at most the one message that crossed it.
    expect(peakQueued).toBeGreaterThan(0);
    expect(peakQueued).toBeLessThan(defaultMaxQueuedBytes + oneBatchBytes + 1024);
    // Unbounded, ws would hold the ~60 MB sent; what the test itself allocates stays far below that.
    expect(peakRss - rssBefore).toBeLessThan(40 * 1024 * 1024);

    raw.resume();
    const total = batches * perBatch;
    const isMarker = (m: Message) => (m.payload as JobLogEvent | undefined)?.gap !== undefined;
    await until(() => client.events().some(isMarker), 15_000);
    const logs = client.events().filter((m) => m.event === 'job.log');
    const markers = logs.filter(isMarker);
    expect(markers).toHaveLength(1);
    const marker = markers[0]?.payload as JobLogEvent;
    // Everything before the marker arrived in order; the gap starts where it stopped and ends at the end.
    const before = logs.slice(0, logs.indexOf(markers[0] as Message)).map((m) => m.payload as JobLogEvent);
    const received = before.reduce((sum, e) => sum + e.lines.length, 0);
    expect(before.map((e) => e.fromLine)).toEqual(before.map((_, i) => i * perBatch));
    expect(marker).toEqual({
      jobId: 'j',
      fromLine: total,
      lines: [],
      partial: [],
      gap: { fromLine: received, toLine: total },
    });
    expect(core.validators.event('job.log', marker)).toEqual({ ok: true });
    // The queue's held state came as its newest snapshot; live lines go on after the gap.
    await until(() => client.events().some((m) => m.event === 'queue.changed' && logs.length > 0));
    core.events.emit('job.log', batch('j', total, 1));
    await until(() => client.events().filter((m) => m.event === 'job.log').length === logs.length + 1);
    const last = client
      .events()
      .filter((m) => m.event === 'job.log')
      .at(-1)?.payload as JobLogEvent;
    expect(last.fromLine).toBe(total);
  }, 60_000);
});

function counts() {
  return {
    queued: 0,
    held: 0,
    starting: 0,
    running: 0,
    stopping: 0,
    succeeded: 0,
    failed: 0,
    canceled: 0,
    interrupted: 0,
  };
}
