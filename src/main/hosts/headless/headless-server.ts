/**
 * The headless host: the contract over loopback HTTP + WebSocket, and the built renderer as static
 * files. Used by `dpgui serve` on remote GPU boxes (through an SSH tunnel) and by the browser tests.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { contractError, type ContractError } from '../../../shared/contract';
import { eventsPath, httpApiPrefix } from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';
import { contentSecurityPolicy } from '../common/content-security-policy';
import { resolveStaticFile } from '../common/static-files';
import { attachEventSocket } from './event-socket';
import { httpStatusOf } from './http-status';
import { readJsonBody } from './read-json-body';
import { bearerToken, isAllowedHost, isAllowedOrigin, tokensMatch, websocketToken } from './request-guards';

export interface HeadlessServerOptions {
  core: AppCore;
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer); null serves a page saying it is not built. */
  staticDir: string | null;
}

export interface HeadlessServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const bodyLimitBytes = 8 * 1024 * 1024;
const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { core, token, host } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: bodyLimitBytes });

  const refusal = (request: IncomingMessage): ContractError | null => {
    if (!isAllowedHost(request.headers.host, host)) {
      return contractError('forbidden', `The Host "${request.headers.host ?? ''}" is not this DPGui host.`);
    }
    if (!isAllowedOrigin(request.headers.origin, request.headers.host)) {
      return contractError(
        'forbidden',
        `Requests from the origin "${request.headers.origin ?? ''}" are refused.`,
      );
    }
    return null;
  };

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendError(response, contractError('internal', `The host failed: ${String(error)}`));
      } else {
        response.destroy();
      }
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refused = refusal(request);
    if (refused) return sendError(response, refused);
    const url = new URL(request.url ?? '/', 'http://host.invalid');

    if (url.pathname.startsWith(httpApiPrefix)) {
      if (!tokensMatch(bearerToken(request.headers.authorization), token)) {
        return sendError(
          response,
          contractError('unauthorized', 'A valid token is required: use the URL that `dpgui serve` printed.'),
          { 'WWW-Authenticate': 'Bearer' },
        );
      }
      if (request.method !== 'POST') {
        response.writeHead(405, { Allow: 'POST', 'Content-Type': 'application/json', ...securityHeaders });
        response.end(JSON.stringify(contractError('invalid_payload', 'Channels are called with POST.')));
        return;
      }
      const body = await readJsonBody(request, bodyLimitBytes);
      if (!body.ok) return sendError(response, contractError('invalid_payload', body.message));
      const channel = decodeChannel(url.pathname.slice(httpApiPrefix.length));
      const result = await core.dispatch(channel, body.value);
      if (!result.ok) return sendError(response, result.error);
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        ...securityHeaders,
      });
      response.end(JSON.stringify(result.value));
      return;
    }
    serveStatic(request, response, url.pathname);
  }

  function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders });
      response.end();
      return;
    }
    if (options.staticDir === null) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      response.end(
        'The DPGui interface is not built. Run `npm run build`, then start `dpgui serve` again.\n',
      );
      return;
    }
    const target = resolveStaticFile(options.staticDir, pathname);
    const size = target.ok ? fileSize(target.file) : null;
    if (!target.ok || size === null) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      response.end('Not found\n');
      return;
    }
    const isPage = target.contentType.startsWith('text/html');
    response.writeHead(200, {
      'Content-Type': target.contentType,
      'Content-Length': size,
      'Cache-Control': isPage ? 'no-cache' : 'public, max-age=300',
      ...securityHeaders,
      ...(isPage
        ? {
            'Content-Security-Policy': contentSecurityPolicy({
              connect: [`ws://${request.headers.host ?? ''}`],
            }),
          }
        : {}),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    // A file that vanishes or fails mid-read ends this response, never the host.
    createReadStream(target.file)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    const refused =
      url.pathname !== eventsPath
        ? contractError('not_found', `No WebSocket at ${url.pathname}.`)
        : (refusal(request) ??
          (tokensMatch(websocketToken(url, request.headers['sec-websocket-protocol']), token)
            ? null
            : contractError('unauthorized', 'A valid token is required for the event stream.')));
    if (refused) {
      rejectUpgrade(socket, httpStatusOf(refused.code), refused);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachEventSocket(ws, core));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    port: address.port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendError(
  response: ServerResponse,
  error: ContractError,
  headers: Record<string, string> = {},
): void {
  response.writeHead(httpStatusOf(error.code), {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...securityHeaders,
    ...headers,
  });
  response.end(JSON.stringify(error));
}

function rejectUpgrade(socket: Duplex, status: number, error: ContractError): void {
  const body = JSON.stringify(error);
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function fileSize(file: string): number | null {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/** A malformed escape cannot name a channel: it reaches the dispatcher as one that does not exist. */
function decodeChannel(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
