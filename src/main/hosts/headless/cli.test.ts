import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fileRoutes, requestNames } from '../../../shared/contract';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore } from '../../core/app-core';
import { runCli, type CliIo } from './cli';

const tempDir = useTempDirs();

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, staticDir: null };
}

describe('dpgui (command line)', () => {
  it('prints its usage for help and a named error for a bad option', async () => {
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.lines.join('\n')).toContain('Usage: dpgui serve [--port N]');
    const bad = captureIo();
    expect(await runCli(['serve', '--prot', '80'], bad)).toBe(2);
    expect(bad.lines[0]).toContain('dpgui: Unknown option "--prot".');
  });

  it('refuses a data folder another DPGui holds, naming it', async () => {
    const dataDir = tempDir();
    const holder = createAppCore({ dataDir, host: 'electron' });
    try {
      const io = captureIo();
      expect(await runCli(['serve', '--port', '0', '--data-dir', dataDir], io)).toBe(1);
      expect(io.lines).toEqual([
        expect.stringMatching(/^dpgui: The data folder .* is in use by the DPGui desktop app, pid \d+/),
      ]);
    } finally {
      holder.close();
    }
  });

  it('says which port is taken and how to choose another, and releases the data folder', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = tempDir();
    try {
      const io = captureIo();
      expect(await runCli(['serve', '--port', String(port), '--data-dir', dataDir], io)).toBe(1);
      expect(io.lines).toEqual([
        `dpgui: port ${port} on 127.0.0.1 is already in use by another program. Choose another with --port N, or --port 0 for any free port.`,
      ]);
      // The failed start left the folder free for the next try.
      createAppCore({ dataDir, host: 'headless' }).close();
    } finally {
      blocker.close();
    }
  });

  it('prints the OpenAPI document with every channel for `dpgui openapi`', async () => {
    const io = captureIo();
    expect(await runCli(['openapi'], io)).toBe(0);
    const document = JSON.parse(io.lines.join('\n')) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        ...requestNames.map((c) => `/api/${c}`),
        ...Object.keys(fileRoutes).map((r) => `/api/files/${r}`),
      ].sort(),
    );
  });

  it('declares what a browser can do, and ends on SIGTERM with "DPGui stopped." and that trainings go on', async () => {
    const dataDir = tempDir();
    const script =
      `import { runCli } from ${JSON.stringify(new URL('./cli.ts', import.meta.url).pathname)};\n` +
      `await runCli(['serve', '--port', '0', '--data-dir', ${JSON.stringify(dataDir)}]);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => {
        if (output.includes('Open DPGui:')) resolve();
      });
      child.once('exit', () => reject(new Error(output)));
    });
    // `dpgui serve` declares the browser's capabilities: uploads and downloads, no native dialogs.
    const [, origin, token] = /Open DPGui: (\S+)\/#token=(\S+)/.exec(output) ?? [];
    const info = await fetch(`${origin ?? ''}/api/app.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await info.json()).toMatchObject({
      host: 'headless',
      capabilities: {
        nativeDialogs: false,
        droppedFilePaths: false,
        typedPaths: true,
        uploads: true,
        downloads: true,
      },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(
      'DPGui stopped. Running trainings go on and are followed again at the next start.',
    );
  });
});
