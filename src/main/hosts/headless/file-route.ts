/**
 * The headless host's file route: thumbnails and originals of dataset files, and files of jobs' output
 * folders, each through the core's one guard (core/files/file-access-guard.ts). Token-guarded with the
 * same Bearer header as /api (checked here too, so the route is guarded wherever it is mounted); the
 * renderer fetches with the header and shows blob URLs, so the token never sits in an image URL.
 *
 *   GET /api/files/thumbnail?dataset=ID&path=REL&size=N
 *   GET /api/files/original?dataset=ID&path=REL
 *   GET /api/files/job-output?path=ABS[&size=N for a thumbnail]
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FileService } from '../../core/files/file-service';
import type { FileRequest } from '../../core/files/file-access-guard';
import { bearerToken, tokensMatch } from './request-guards';

export const filesPrefix = '/api/files';

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
      void refuse(
        reply.header('www-authenticate', 'Bearer'),
        401,
        'unauthorized',
        'A valid token is required.',
      );
    });

    const serve = async (
      request: FastifyRequest,
      reply: FastifyReply,
      fileRequest: FileRequest | null,
      thumbnail: boolean,
    ) => {
      if (fileRequest === null)
        return refuse(reply, 400, 'invalid_payload', 'Name the file with its dataset and path.');
      const thumbnailSize = thumbnail
        ? files.thumbnailSize(Number(single(request.query as Query, 'size') ?? 256) || 256)
        : null;
      const answer = await files.serve(fileRequest, { thumbnailSize });
      if (!answer.ok) {
        if (answer.retryAfterSeconds !== undefined)
          void reply.header('retry-after', answer.retryAfterSeconds);
        return refuse(reply, answer.status, codeOfStatus[answer.status] ?? 'forbidden', answer.reason);
      }
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

    const datasetRequest = (request: FastifyRequest): FileRequest | null => {
      const query = request.query as Query;
      const dataset = single(query, 'dataset');
      const path = single(query, 'path');
      return dataset && path ? { source: 'dataset', datasetId: dataset, path } : null;
    };
    const jobRequest = (request: FastifyRequest): FileRequest | null => {
      const path = single(request.query as Query, 'path');
      return path ? { source: 'job-output', path } : null;
    };

    app.get(`${filesPrefix}/thumbnail`, (request, reply) =>
      serve(request, reply, datasetRequest(request), true),
    );
    app.get(`${filesPrefix}/original`, (request, reply) =>
      serve(request, reply, datasetRequest(request), false),
    );
    app.get(`${filesPrefix}/job-output`, (request, reply) =>
      serve(request, reply, jobRequest(request), single(request.query as Query, 'size') !== null),
    );
    return Promise.resolve();
  };
}
