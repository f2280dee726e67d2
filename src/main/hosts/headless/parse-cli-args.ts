/** `dpgui serve [--port N] [--host ADDR] [--data-dir DIR] [--new-key]` and `dpgui openapi`, parsed without side effects. */

export const defaultPort = 7433;
export const defaultHost = '127.0.0.1';

export type CliCommand =
  | { kind: 'serve'; port: number; host: string; dataDir: string | undefined; newKey: boolean }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'openapi' }
  | { kind: 'error'; message: string };

export const usage = `Usage: dpgui serve [--port N] [--host ADDRESS] [--data-dir DIR] [--new-key]
       dpgui openapi

Starts DPGui's headless host: the full app in a browser, for a GPU box without a desktop.
  --port N        port to listen on (default ${defaultPort}; 0 picks a free one)
  --host ADDRESS  address to bind (default ${defaultHost}; reach it from elsewhere with an SSH tunnel)
  --data-dir DIR  where DPGui keeps its data (default: DPGUI_DATA_DIR, else the desktop app's folder)
  --new-key       make a new key for the printed link: every earlier link stops working

The link's key is kept in the data folder (serve-key), so open pages reconnect by themselves after a
restart. DPGUI_TOKEN (32+ letters, digits, - or _), where set, is the key instead.

\`dpgui openapi\` prints the API (every channel, as served at /api/openapi.json) as OpenAPI 3.1 JSON.
`;

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { kind: 'help' };
  if (command === '--version' || command === 'version') return { kind: 'version' };
  if (command === 'openapi') {
    return rest.length === 0
      ? { kind: 'openapi' }
      : { kind: 'error', message: '`openapi` takes no options.' };
  }
  if (command !== 'serve') return { kind: 'error', message: `Unknown command "${command}".` };

  let port = defaultPort;
  let host = defaultHost;
  let dataDir: string | undefined;
  let newKey = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--new-key') {
      newKey = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--port', '--host', '--data-dir'].includes(name)) {
      return { kind: 'error', message: `Unknown option "${arg}".` };
    }
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${name} needs a value.` };
    if (name === '--port') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 65535) {
        return { kind: 'error', message: `--port must be a whole number from 0 to 65535, not "${value}".` };
      }
      port = n;
    } else if (name === '--host') {
      host = value;
    } else {
      dataDir = value;
    }
  }
  return { kind: 'serve', port, host, dataDir, newKey };
}

/** The one URL the user opens; the token rides in the fragment, which browsers never send to a server. */
export function launchUrl(host: string, port: number, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const hostPart = shown.includes(':') ? `[${shown}]` : shown;
  return `http://${hostPart}:${port}/#token=${token}`;
}
