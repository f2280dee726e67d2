/**
 * The headless host's file route: thumbnails and originals of dataset files, and files of jobs' output
 * folders, each through the core's one guard (core/files/file-access-guard.ts). Token-guarded with the
 * same Bearer header as /api (checked here too, so the route is guarded wherever it is mounted); the
 * renderer fetches with the header and shows blob URLs, so the token never sits in an image URL.
 *
 *   GET /api/files/thumbnail?dataset=ID&path=REL&size=N
 *   GET /api/files/original?dataset=ID&path=REL
 *   GET /api/files/job-output?path=ABS[&size=N for a thumbnail]
 *
 * The routes and their parameters are the contract's (shared/contract/file-route.ts), read by the same
 * parser as Electron's dpgui-file URLs and described in the OpenAPI document.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { filesPrefix, fileRoutes as routeSpecs, parseFileRoute } from '../../../shared/contract/file-route';
import type { FileService } from '../../core/files/file-service';
import { fileRequestOfRoute } from '../common/file-route-request';
import { bearerToken, tokensMatch, unauthorizedMessage } from './request-guards';

export { filesPrefix };

type Query = Record<string, string | string[] | undefined>;

function single(query: Query, name: string): string | null {
  const value = query[name];
  return typeof value === 'string' ? value : null;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send(JSON.stringify({ code, message, details: [] }));
}

const codeOfStatus: Record<number, string> = {
  400: 'invalid_payload',
  403: 'forbidden',
  404: 'not_found',
  // The file is there but is not what the route sends (not media, a FIFO, a folder, too large).
  422: 'io_error',
  503: 'io_error',
};

export function fileRoutes(files: FileService, token: string): FastifyPluginAsync {
  // Registration itself is synchronous; Fastify's plugin type wants a promise.
  return (app) => {
    app.addHook('onRequest', (request, reply, done) => {
      if (tokensMatch(bearerToken(request.headers.authorization), token)) {
        done();
        return;
      }
      void refuse(reply.header('www-authenticate', 'Bearer'), 401, 'unauthorized', unauthorizedMessage);
    });

    const serve = async (route: string, request: FastifyRequest, reply: FastifyReply) => {
      const parsed = parseFileRoute(route, (name) => single(request.query as Query, name));
      if (!parsed.ok) return refuse(reply, 400, 'invalid_payload', parsed.reason);
      const { request: fileRequest, thumbnailSize: asked } = fileRequestOfRoute(parsed.request);
      const thumbnailSize = asked === null ? null : files.thumbnailSize(asked);
      const answer = await files.serve(fileRequest, { thumbnailSize });
      if (!answer.ok) {
        if (answer.retryAfterSeconds !== undefined)
          void reply.header('retry-after', answer.retryAfterSeconds);
        return refuse(reply, answer.status, codeOfStatus[answer.status] ?? 'forbidden', answer.reason);
      }
      const thumbnail = thumbnailSize !== null;
      void reply
        .code(200)
        .header('cache-control', thumbnail ? 'private, max-age=300' : 'private, max-age=60')
        .header(
          'content-security-policy',
          thumbnail ? "default-src 'none'; style-src 'unsafe-inline'" : "default-src 'none'",
        )
        .header('content-length', answer.length)
        .type(answer.contentType);
      if ('body' in answer) return reply.send(answer.body);
      if (request.method === 'HEAD') {
        // Fastify's HEAD route keeps our Content-Length only for a stream payload: an empty one.
        answer.stream.destroy();
        return reply.send(Readable.from([]));
      }
      // Exactly `length` bytes from the descriptor the length came from; a file that shrinks meanwhile
      // errors the stream and Fastify closes the connection (the client sees a short body, not a hang).
      return reply.send(answer.stream);
    };

    for (const route of Object.keys(routeSpecs)) {
      app.get(`${filesPrefix}/${route}`, (request, reply) => serve(route, request, reply));
    }
    // Anything else under the prefix: an unknown route, or a method the routes do not take (refused
    // before any body is read, so a method that must carry one is a 405 too, not a 400 about its body).
    app.route({
      method: app.supportedMethods.filter((method) => method !== 'GET' && method !== 'HEAD'),
      url: `${filesPrefix}/*`,
      onRequest: (_request, reply) => {
        void refuse(
          reply.header('allow', 'GET, HEAD'),
          405,
          'method_not_allowed',
          'Files are read with GET.',
        );
      },
      handler: (_request, reply) => reply,
    });
    app.get(`${filesPrefix}/*`, (_request, reply) =>
      refuse(
        reply,
        404,
        'not_found',
        `There is no such file route; the routes are ${Object.keys(routeSpecs).join(', ')} under ${filesPrefix}/.`,
      ),
    );
    return Promise.resolve();
  };
}
