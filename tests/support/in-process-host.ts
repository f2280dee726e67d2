/** The headless host started from source in this process, on a free port and a fresh data folder. */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import { fileRoutes } from '../../src/main/hosts/headless/file-route';
import { headlessCapabilities } from '../../src/main/hosts/headless/headless-capabilities';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import { useTempDirs } from './temp-dir';

export interface TestHost {
  port: number;
  token: string;
  core: AppCore;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Call once per test file; each call of the returned function starts a host (the channels and the file
 * route, as `dpgui serve` mounts them), stopped after the test. `supervise: false` starts no supervisor.
 */
export function useInProcessHosts(
  token = 'test-token-123',
  options: { supervise?: boolean } = {},
): () => Promise<TestHost> {
  const tempDir = useTempDirs();
  const running: { core: AppCore; server: HeadlessServer }[] = [];
  afterEach(async () => {
    for (const { core, server } of running.splice(0)) {
      await server.close();
      core.close();
    }
  });
  return async () => {
    const root = tempDir();
    const staticDir = join(root, 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
    const core = createAppCore({
      dataDir: join(root, 'data'),
      host: 'headless',
      capabilities: headlessCapabilities,
      checkResponses: true,
      ...(options.supervise === false ? { supervise: false } : {}),
    });
    const server = await startHeadlessServer({
      core,
      token,
      host: '127.0.0.1',
      port: 0,
      staticDir,
      routes: [fileRoutes(core.files, token)],
    });
    running.push({ core, server });
    return { port: server.port, token, core };
  };
}

export function httpCall(
  port: number,
  path: string,
  {
    method = 'POST',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The host is alive and serving: `app.info` answers 200. */
export async function answersAppInfo(host: TestHost): Promise<boolean> {
  const answer = await httpCall(host.port, '/api/app.info', {
    headers: { Authorization: `Bearer ${host.token}` },
  });
  return answer.status === 200 && (JSON.parse(answer.body) as { name?: string }).name === 'DPGui';
}
