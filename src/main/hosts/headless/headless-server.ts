/**
 * The headless host: the contract over loopback HTTP + WebSocket, and the built renderer as static
 * files. Used by `dpgui serve` on remote GPU boxes (through an SSH tunnel) and by the browser tests.
 *
 * HTTP plumbing (request parsing, routing, body limits, 404/405/413/415, malformed requests, the
 * WebSocket upgrade and its frames) is Fastify's and ws's, code that millions of servers run; ours are
 * the guards (target, Host, Origin, token) as hooks and the mapping of contract errors to statuses.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import { contractError, type ContractError } from '../../../shared/contract';
import { eventSocketProtocol, eventsPath, httpApiPrefix } from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';
import { exactLengthStream } from '../../core/files/exact-length-stream';
import { openRegularFile } from '../../core/fs/read-user-file';
import { contentSecurityPolicy } from '../common/content-security-policy';
import { contractOpenApiDocument } from '../common/openapi';
import { resolveStaticFile } from '../common/static-files';
import { attachEventSocket } from './event-socket';
import { httpStatusOf } from './http-status';
import { jsonBodyLimitBytes, maxJsonDepth } from './limits';
import { parseJsonRequest } from './parse-json-request';
import {
  bearerToken,
  isAllowedHost,
  isAllowedOrigin,
  isPlainPathTarget,
  pathOfTarget,
  tokensMatch,
  unauthorizedMessage,
  websocketToken,
} from './request-guards';

export interface HeadlessServerOptions {
  core: AppCore;
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer); null serves a page saying it is not built. */
  staticDir: string | null;
  /**
   * More routes behind the same guards (Host, Origin, token), registered under /api/ beside the
   * channels: e.g. a GET route for files the UI shows. A route's own path wins over the channel route.
   */
  routes?: readonly FastifyPluginAsync[];
}

export interface HeadlessServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export const openApiPath = `${httpApiPrefix}openapi.json`;

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** A contract error with the status to answer it with (415 has no contract code of its own). */
class RefusedRequest extends Error {
  constructor(
    readonly error: ContractError,
    readonly status: number = httpStatusOf(error.code),
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const app = await createHeadlessApp(options);
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { port, host: options.host, close: () => app.close() };
}

export async function createHeadlessApp(options: HeadlessServerOptions): Promise<FastifyInstance> {
  const { core, token, host } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: jsonBodyLimitBytes,
    // A client that starts a request and never finishes it is cut off instead of held forever.
    requestTimeout: 30_000,
    forceCloseConnections: true,
    // Channel names are short; anything longer reaches the not-found answer, not a 414 from the router.
    routerOptions: { maxParamLength: 1024 },
    // A malformed URL escape is refused before any hook runs: answer it the same way, and close an
    // upgrade request's socket after the answer.
    frameworkErrors: (error, request, reply) => {
      const refused = refusalOfFrameworkError(error);
      if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
      void (reply as FastifyReply)
        .code(refused.status)
        .headers({ ...securityHeaders, ...refused.headers })
        .type('application/json')
        .send(refused.error);
    },
  });

  // First, so its hooks (which mark upgrade requests and close refused ones) run before our guards.
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: jsonBodyLimitBytes,
      // Answer the fixed protocol name, never the token the browser offered beside it.
      handleProtocols: (protocols: Set<string>) =>
        protocols.has(eventSocketProtocol) ? eventSocketProtocol : false,
    },
    // A malformed frame (invalid UTF-8, reserved opcode, oversized) ends that socket, never the host.
    errorHandler: (_error, socket) => socket.terminate(),
    preClose(done) {
      for (const client of this.websocketServer.clients) client.terminate();
      this.websocketServer.close(() => done());
    },
  });

  app.setErrorHandler((error: FastifyError | RefusedRequest, _request, reply) => {
    const refused = error instanceof RefusedRequest ? error : refusalOfFrameworkError(error);
    void reply.code(refused.status).headers(refused.headers).type('application/json').send(refused.error);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = pathOfTarget(request.url);
    void reply
      .code(404)
      .type('application/json')
      .send(contractError('not_found', `Nothing is at ${path}.`));
  });
  // An upgrade request answered with anything but 101 gets its socket closed after the answer (Node
  // leaves such sockets to the server); close() ends any still open.
  const upgradeSockets = new Set<Duplex>();
  app.server.on('upgrade', (_request: IncomingMessage, socket: Duplex) => {
    upgradeSockets.add(socket);
    socket.once('close', () => upgradeSockets.delete(socket));
  });
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.headers.upgrade !== undefined) request.raw.socket.destroy();
    done();
  });
  app.addHook('preClose', (done) => {
    for (const socket of upgradeSockets) socket.destroy();
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    void reply.headers(securityHeaders);
    done(null, payload);
  });

  // Every request, pages and sockets included: a plain path, this host's name, its own origin.
  app.addHook('onRequest', (request, _reply, done) => {
    const target = request.raw.url;
    if (!isPlainPathTarget(target)) {
      done(new RefusedRequest(contractError('invalid_payload', 'The request target must be a path.'), 400));
      return;
    }
    if (!isAllowedHost(request.headers.host, host)) {
      done(
        new RefusedRequest(
          contractError('forbidden', `The Host "${request.headers.host ?? ''}" is not this DPGui host.`),
        ),
      );
      return;
    }
    if (!isAllowedOrigin(request.headers.origin, request.headers.host)) {
      done(
        new RefusedRequest(
          contractError(
            'forbidden',
            `Requests from the origin "${request.headers.origin ?? ''}" are refused.`,
          ),
        ),
      );
      return;
    }
    if (request.ws && request.routeOptions.url !== eventsPath) {
      // Upgrades go to the event socket only; anywhere else is answered, not upgraded and dropped.
      const path = pathOfTarget(request.url);
      done(new RefusedRequest(contractError('not_found', `No WebSocket at ${path}.`)));
      return;
    }
    done();
  });

  // Bodies: JSON only; no Content-Type at all is read as JSON too (curl -X POST with nothing).
  app.removeAllContentTypeParsers();
  const parseJson = (
    request: FastifyRequest,
    body: string | Buffer,
    done: (e: Error | null, v?: unknown) => void,
  ) => {
    const parsed = parseJsonRequest(body.toString(), maxJsonDepth);
    if (parsed.ok) done(null, parsed.value);
    else done(new RefusedRequest(parsed.error));
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (request.headers['content-type'] === undefined) {
      parseJson(request, body, done);
      return;
    }
    done(
      new RefusedRequest(
        contractError('invalid_payload', 'Channels take a JSON body: send it as application/json.'),
        415,
      ),
    );
  });

  void app.register(async (api) => {
    api.addHook('onRequest', (request, _reply, done) => {
      const given = request.ws
        ? websocketToken(request.url, request.headers['sec-websocket-protocol'])
        : bearerToken(request.headers.authorization);
      if (tokensMatch(given, token)) {
        done();
        return;
      }
      done(
        new RefusedRequest(contractError('unauthorized', unauthorizedMessage), 401, {
          'www-authenticate': 'Bearer',
        }),
      );
    });

    api.get(eventsPath, { websocket: true }, (socket) => attachEventSocket(socket, core));

    const openApi = JSON.stringify(contractOpenApiDocument(core.validators));
    api.get(openApiPath, (_request, reply) => {
      void reply.header('cache-control', 'no-store').type('application/json').send(openApi);
    });

    api.route({
      method: app.supportedMethods,
      url: `${httpApiPrefix}*`,
      onRequest: (request, _reply, done) => {
        if (request.method === 'POST') {
          done();
          return;
        }
        done(
          new RefusedRequest(contractError('method_not_allowed', 'Channels are called with POST.'), 405, {
            allow: 'POST',
          }),
        );
      },
      handler: async (request, reply) => {
        const channel = decodeChannel(pathOfTarget(request.url).slice(httpApiPrefix.length));
        // No body at all is `{}`; a JSON `null` is a payload like any other (and fails its schema).
        const result = await core.dispatch(channel, request.body === undefined ? {} : request.body);
        if (!result.ok) throw new RefusedRequest(result.error);
        return reply
          .code(200)
          .header('cache-control', 'no-store')
          .type('application/json')
          .send(JSON.stringify(result.value));
      },
    });

    for (const routes of options.routes ?? []) await api.register(routes);
  });

  app.route({
    method: app.supportedMethods,
    url: '/*',
    handler: (request, reply) => serveStatic(request, reply, options.staticDir),
  });
  return app;
}

async function serveStatic(
  request: FastifyRequest,
  reply: FastifyReply,
  staticDir: string | null,
): Promise<FastifyReply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return reply.code(405).header('allow', 'GET, HEAD').type('text/plain; charset=utf-8').send('');
  }
  if (staticDir === null) {
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The DPGui interface is not built. Run `npm run build`, then start `dpgui serve` again.\n');
  }
  const target = resolveStaticFile(staticDir, pathOfTarget(request.url));
  if (!target.ok && target.status === 400) {
    return reply.code(400).type('text/plain; charset=utf-8').send('Not a path a file can have\n');
  }
  // Opened once, non-blocking, after a type check; its length from the open descriptor.
  const opened = target.ok ? await openRegularFile(target.file).catch(() => null) : null;
  if (!target.ok || opened === null) {
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
  }
  const size = opened.stats.size;
  const isPage = target.contentType.startsWith('text/html');
  void reply
    .code(200)
    .type(target.contentType)
    .header('content-length', size)
    .header('cache-control', isPage ? 'no-cache' : 'public, max-age=300');
  if (isPage) {
    void reply.header(
      'content-security-policy',
      contentSecurityPolicy({ connect: [`ws://${request.headers.host ?? ''}`] }),
    );
  }
  if (request.method === 'HEAD') {
    await opened.handle.close();
    return reply.send();
  }
  // Exactly the declared bytes: a file rewritten meanwhile is cut there, or (shorter) ends the
  // connection (Fastify destroys it on the stream's error), never the next response or the host.
  return reply.send(exactLengthStream(opened.handle, size));
}

/** Fastify's own refusals (body too large, bad media type, malformed URL or JSON) as contract errors. */
function refusalOfFrameworkError(error: FastifyError): RefusedRequest {
  const status = error.statusCode ?? 500;
  if (status === 413) {
    return new RefusedRequest(
      contractError('payload_too_large', `The body is larger than ${jsonBodyLimitBytes} bytes.`),
    );
  }
  if (status === 415) {
    return new RefusedRequest(contractError('invalid_payload', error.message), 415);
  }
  if (status >= 400 && status < 500) {
    return new RefusedRequest(contractError('invalid_payload', error.message), 400);
  }
  return new RefusedRequest(contractError('internal', `The host failed: ${error.message}`));
}

/** A malformed escape cannot name a channel: it reaches the dispatcher as one that does not exist. */
function decodeChannel(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
