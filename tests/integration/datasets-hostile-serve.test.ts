/**
 * Hostile dataset files on the built `dpgui serve`, as a client meets them over HTTP: a caption that is
 * a FIFO is answered 400 at once while the host keeps answering, a register of `/` or of a relative path
 * is a 400, and a running scan is canceled by datasets.cancelScan (the scan request answers 409).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchHost, type RunningHost } from '../support/launch-headless-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let host: RunningHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

async function post(h: RunningHost, channel: string, body: unknown) {
  const res = await fetch(`${h.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('hostile dataset files on dpgui serve', () => {
  it('answers a FIFO caption with a 400 while app.info still answers; refuses / and relative paths', async () => {
    const dataset = tempDir();
    writeFileSync(join(dataset, 'a.png'), '');
    execFileSync('mkfifo', [join(dataset, 'a.txt')]);
    const h = await launchHost({ removeDataDir: true });
    host = h;
    const { body: registered } = await post(h, 'datasets.register', { path: dataset });
    const id = registered.id as string;
    expect((await post(h, 'datasets.scan', { id })).status).toBe(200);
    const [caption, tags, info] = await Promise.all([
      post(h, 'datasets.caption.get', { id, path: 'a.png' }),
      post(h, 'datasets.tags', { id }),
      post(h, 'app.info', {}),
    ]);
    expect(caption.status).toBe(400);
    expect(caption.body.message).toMatch(/a\.txt.*named pipe \(FIFO\), not a regular file/);
    expect(tags.status).toBe(200);
    expect(tags.body.skipped).toEqual([
      { path: 'a.png', reason: 'its caption cannot be read: it is a named pipe (FIFO), not a regular file' },
    ]);
    expect(info.status).toBe(200);

    const root = await post(h, 'datasets.register', { path: '/' });
    expect(root.status).toBe(400);
    expect(root.body.message).toMatch(/^\/ cannot be a dataset: \/ is the root of the file system/);
    const relative = await post(h, 'datasets.register', { path: 'data' });
    expect(relative.status).toBe(400);
    expect(relative.body.message).toBe('"data" is not an absolute path; name the full path on the host.');
  });

  it('cancels a running scan in the built worker: the scan answers 409', async () => {
    const dataset = tempDir();
    for (let f = 0; f < 40; f++) {
      mkdirSync(join(dataset, `f${f}`));
      for (let i = 0; i < 250; i++) writeFileSync(join(dataset, `f${f}`, `${i}.png`), '');
    }
    const h = await launchHost({ removeDataDir: true });
    host = h;
    const { body: registered } = await post(h, 'datasets.register', { path: dataset });
    const id = registered.id as string;
    const scan = post(h, 'datasets.scan', { id, full: true });
    // Until the host has taken the scan request there is nothing to cancel (canceled: false).
    let canceled = false;
    for (let tries = 0; tries < 100 && !canceled; tries++)
      canceled = (await post(h, 'datasets.cancelScan', { id })).body.canceled === true;
    expect(canceled).toBe(true);
    const answer = await scan;
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/canceled/);
  });
});
