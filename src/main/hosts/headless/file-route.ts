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
import { createReadStream, statSync } from 'node:fs';
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

const codeOfStatus: Record<number, string> = { 400: 'invalid_payload', 403: 'forbidden', 404: 'not_found' };

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
      const access = files.resolve(fileRequest);
      if (!access.ok)
        return refuse(reply, access.status, codeOfStatus[access.status] ?? 'forbidden', access.reason);
      if (thumbnail) {
        const size = files.thumbnailSize(Number(single(request.query as Query, 'size') ?? 256) || 256);
        try {
          const made = await files.thumbnail(access.file, size);
          return await reply
            .code(200)
            .header('cache-control', 'private, max-age=300')
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
            .type(made.contentType)
            .send(made.body);
        } catch (error) {
          return refuse(
            reply,
            422,
            'io_error',
            `No thumbnail can be made of this file: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      let size: number;
      try {
        size = statSync(access.file).size;
      } catch {
        return refuse(reply, 404, 'not_found', 'The file is gone.');
      }
      return reply
        .code(200)
        .header('cache-control', 'private, max-age=60')
        .header('content-length', size)
        .header('content-security-policy', "default-src 'none'")
        .type(files.contentType(access.file))
        .send(createReadStream(access.file));
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
