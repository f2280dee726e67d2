/**
 * `dpgui serve`: the headless host as a command. Plain Node; the same core as the desktop app.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../../core/app-core';
import { appVersion } from '../../core/app/app-version';
import { DataDirBusyError } from '../../core/data-dir/data-dir-lock';
import { createSchemaValidators } from '../../core/contract/schema-validators';
import { resolveDataDir } from '../../core/data-dir/resolve-data-dir';
import { describeIoError } from '../../core/fs/describe-io-error';
import { contractOpenApiDocument } from '../common/openapi';
import { fileRoutes } from './file-route';
import { headlessCapabilities } from './headless-capabilities';
import { startHeadlessServer, type HeadlessServer } from './headless-server';
import { launchUrl, parseCliArgs, usage } from './parse-cli-args';
import { isLoopback } from './request-guards';
import { serveKeyFile } from './serve-key-file';
import { serveToken } from './serve-token';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the built renderer is; by default beside this bundle (out/renderer). */
  staticDir?: string | null;
}

/** The host's last line: trainers outlive the host, and the next start re-adopts them. */
export const stoppedLine = 'DPGui stopped. Running trainings go on and are followed again at the next start.';

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Runs the command; for `serve`, resolves once the host is listening and stays up until a signal. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  // `dpgui openapi | head`: a reader that stops early ends the output, not with a stack trace.
  if (io === defaultIo) {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  const command = parseCliArgs(argv);
  switch (command.kind) {
    case 'help':
      io.out(usage);
      return 0;
    case 'version':
      io.out(appVersion);
      return 0;
    case 'openapi':
      io.out(JSON.stringify(contractOpenApiDocument(createSchemaValidators()), null, 2));
      return 0;
    case 'error':
      io.err(`dpgui: ${command.message}\n\n${usage}`);
      return 2;
  }

  const dataDir = resolveDataDir({
    flag: command.dataDir,
    env: io.env,
    platform: process.platform,
    home: homedir(),
    cwd: process.cwd(),
  });

  let core: AppCore;
  try {
    core = createAppCore({
      dataDir,
      host: 'headless',
      capabilities: headlessCapabilities,
      bridgeSearchDirs: [bundledBridgeDir()],
      checkResponses: io.env.DPGUI_CHECK_RESPONSES === '1',
      log: io.err,
    });
  } catch (error) {
    io.err(
      error instanceof DataDirBusyError
        ? `dpgui: ${error.message}`
        : `dpgui: cannot use the data folder ${dataDir}: ${describeIoError(error)}`,
    );
    return 1;
  }

  const key = serveToken(io.env, serveKeyFile(dataDir), { renew: command.newKey });
  if (!key.ok) {
    core.close();
    io.err(`dpgui: ${key.message}`);
    return 2;
  }
  const token = key.token;
  let server: HeadlessServer;
  try {
    server = await startHeadlessServer({
      core,
      token,
      host: command.host,
      port: command.port,
      staticDir: io.staticDir === undefined ? builtRendererDir() : io.staticDir,
      routes: [fileRoutes(core.files, token)],
    });
  } catch (error) {
    core.close();
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      code === 'EADDRINUSE'
        ? `dpgui: port ${command.port} on ${command.host} is already in use by another program. ` +
            'Choose another with --port N, or --port 0 for any free port.'
        : `dpgui: cannot listen on ${command.host}:${command.port}: ${describeIoError(error)}`,
    );
    return 1;
  }

  for (const notice of core.info.notices) io.err(`Notice: ${notice}`);
  if (!isLoopback(command.host)) {
    io.err(
      `Warning: listening on ${command.host}, not only on this machine. Anyone who has the URL below can ` +
        'control DPGui; prefer the default 127.0.0.1 with an SSH tunnel.',
    );
  }
  // Before the URL is printed: whoever reads it may stop the host at once. Every signal is handled, not
  // only the first: Ctrl-C under `npm start` reaches the host from the terminal and again from the
  // scripts that forward it, and a second default-handled SIGINT would kill the host mid-shutdown,
  // leaving the data folder's lock behind.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => {
      core.close();
      io.out(stoppedLine);
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  io.out(`DPGui ${appVersion} (headless) is using the data folder ${dataDir}`);
  io.out(`Open DPGui: ${launchUrl(command.host, server.port, token)}`);
  return 0;
}

/** python-bridge beside the built host (out/headless/cli.js → python-bridge/ at the package's root). */
function bundledBridgeDir(): string {
  return fileURLToPath(new URL('../../python-bridge/', import.meta.url));
}

function builtRendererDir(): string | null {
  const dir = fileURLToPath(new URL('../renderer/', import.meta.url));
  return existsSync(dir) ? dir : null;
}
