// The renderer's own web transport against the real headless host: a job.log subscription from a line
// gets the lines on disk, then the live ones; when the connection drops and comes back, it resumes after
// the last line it got — the lines written meanwhile arrive, none is missing and none comes twice.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppCore } from '../../src/main/core/app-core';
import { openDisplayLogWriter } from '../../src/main/core/logs/display-log-writer';
import { startHeadlessServer } from '../../src/main/hosts/headless/headless-server';
import type { DpguiClient, JobLogEvent } from '../../src/shared/contract';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

/**
 * The renderer's module, loaded by path: it belongs to the web project, which the type-check of tests
 * does not include, so its type is written out here (what this test uses of it).
 */
interface WebTransportModule {
  createWebTransport: (options: { origin: string; token: string }) => {
    client: DpguiClient;
    connection: { get(): string; reconnects(): number };
  };
}
const webTransportPath = '../../src/renderer/src/api/web-transport';
const token = 'resume-token';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The browser's WebSocket, played by ws (Node 20 has none); a dead one afterwards stops the retries. */
function useBrowserWebSocket(): void {
  const global = globalThis as { WebSocket?: unknown };
  const before = global.WebSocket;
  global.WebSocket = WebSocket;
  cleanups.push(() => {
    global.WebSocket = class {
      static OPEN = 1;
      readyState = 0;
      send(): void {}
    };
    cleanups.push(() => {
      global.WebSocket = before;
    });
  });
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a job.log subscription through the web transport', () => {
  it('resumes after its last line when the connection comes back', async () => {
    const dataDir = join(tempDir(), 'data');
    const core = createAppCore({ dataDir, host: 'headless', supervise: false });
    cleanups.push(() => core.close());
    const runDir = join(dataDir, 'runs', 'job-1');
    mkdirSync(runDir, { recursive: true });
    const writer = openDisplayLogWriter(runDir);
    cleanups.push(() => writer.close());
    /** What the supervisor does: append to the display log, then announce the batch. */
    const write = (from: number, to: number, announce: boolean): void => {
      const lines = Array.from({ length: to - from }, (_, i) => ({
        stream: 'stdout' as const,
        time: from + i,
        text: `line ${from + i}`,
      }));
      writer.append(lines, { offsets: { stdout: 0, stderr: 0 }, assembler: null, ended: false });
      if (announce) core.events.emit('job.log', { jobId: 'job-1', fromLine: from, lines, partial: [] });
    };
    write(0, 30, false);

    let server = await startHeadlessServer({ core, token, host: '127.0.0.1', port: 0, staticDir: null });
    const port = server.port;
    cleanups.push(() => server.close());
    useBrowserWebSocket();
    const { createWebTransport } = (await import(webTransportPath)) as WebTransportModule;
    const transport = createWebTransport({ origin: `http://127.0.0.1:${port}`, token });
    const received: JobLogEvent[] = [];
    transport.client.subscribe('job.log', (event) => received.push(event), { jobId: 'job-1', fromLine: 10 });
    const numbers = (): number[] => received.flatMap((e) => e.lines.map((l) => l.time));

    await until(() => numbers().length === 20);
    write(30, 35, true);
    await until(() => numbers().length === 25);

    // The host goes away (an SSH tunnel drops); the trainer goes on writing meanwhile.
    await server.close();
    await until(() => transport.connection.get() === 'closed');
    write(35, 45, true);
    server = await startHeadlessServer({ core, token, host: '127.0.0.1', port, staticDir: null });
    await until(() => transport.connection.get() === 'open');
    await until(() => numbers().length === 35);
    write(45, 50, true);
    await until(() => numbers().length === 40);

    expect(numbers()).toEqual(Array.from({ length: 40 }, (_, i) => 10 + i));
    expect(transport.connection.reconnects()).toBe(1);
  });
});
