import { describe, expect, it } from 'vitest';
import {
  contractErrorSchema,
  eventChannels,
  eventNames,
  requestChannels,
  requestNames,
} from '../../../shared/contract';
import { createSchemaValidators } from '../../core/contract/schema-validators';
import { buildOpenApiDocument, contractOpenApiDocument, errorStatuses } from './openapi';

interface Operation {
  operationId: string;
  summary: string;
  requestBody: { required: boolean; content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { content: { 'application/json': { schema: unknown } } }>;
}
interface Document {
  openapi: string;
  paths: Record<string, { post: Operation } & Record<string, unknown>>;
  security: unknown;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const document = contractOpenApiDocument(createSchemaValidators()) as Document;

describe('the OpenAPI document', () => {
  it('has every request channel of the contract as POST /api/<channel>, and the file routes, nothing else', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        ...requestNames.map((c) => `/api/${c}`),
        '/api/files/thumbnail',
        '/api/files/original',
        '/api/files/job-output',
      ].sort(),
    );
    for (const channel of requestNames) {
      const path = document.paths[`/api/${channel}`];
      expect(Object.keys(path ?? {})).toEqual(['post']);
      const operation = path?.post;
      const def = requestChannels[channel];
      expect(operation?.operationId).toBe(channel);
      expect(operation?.summary).toBe(def.summary);
      expect(operation?.requestBody.content['application/json'].schema).toEqual(def.request);
      expect(operation?.responses['200']?.content['application/json'].schema).toEqual(def.response);
    }
  });

  it("declares a job's config as a training config: jobs.enqueue and jobs.replace say trainer, family, values", () => {
    for (const channel of ['/api/jobs.enqueue', '/api/jobs.replace'] as const) {
      const request = document.paths[channel]?.post.requestBody.content['application/json'].schema as {
        properties: { config: { required: string[]; properties: Record<string, { enum?: unknown }> } };
      };
      const config = request.properties.config;
      expect(config.required).toEqual(['trainer', 'family', 'values']);
      expect(config.properties.trainer?.enum).toEqual(['sd-scripts', 'diffusion-pipe', 'generic']);
    }
    // What every host checks before a handler sees it: a bare object is no longer a job config.
    const refused = createSchemaValidators().request('jobs.enqueue', {
      name: 'x',
      config: { steps: 1 },
      gpus: { count: 0 },
    });
    expect(refused.ok ? [] : refused.details.map((d) => d.path).sort()).toEqual([
      'config.family',
      'config.steps',
      'config.trainer',
      'config.values',
    ]);
  });

  it('answers every error status with the error object, behind the bearer token', () => {
    expect(document.components.schemas.ContractError).toEqual(contractErrorSchema);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    const operation = Object.values(document.paths)[0]?.post;
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '500']) {
      expect(Object.keys(errorStatuses)).toContain(status);
      expect(operation?.responses[status]?.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ContractError',
      });
    }
  });

  it('requires a body only where {} is not a valid request', () => {
    const built = buildOpenApiDocument({
      channels: {
        'a.none': { summary: 'a', request: { type: 'object' }, response: {} },
        'a.some': { summary: 'b', request: { type: 'object', required: ['x'] }, response: {} },
      },
      version: '1',
      acceptsEmptyObject: (channel) => channel === 'a.none',
    }) as Document;
    expect(built.paths['/api/a.none']?.post.requestBody.required).toBe(false);
    expect(built.paths['/api/a.some']?.post.requestBody.required).toBe(true);
    expect(document.paths['/api/settings.set']?.post.requestBody.required).toBe(true);
    expect(document.paths['/api/app.info']?.post.requestBody.required).toBe(false);
  });

  it('describes the file route: each route as GET with its query parameters, media types and refusals', () => {
    const thumbnail = (document.paths['/api/files/thumbnail'] as unknown as { get: FileOperation }).get;
    expect(thumbnail.operationId).toBe('files.thumbnail');
    expect(thumbnail.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['dataset', 'query', true],
      ['path', 'query', true],
      ['size', 'query', false],
    ]);
    expect(Object.keys(thumbnail.responses['200']?.content ?? {})).toEqual(['image/webp', 'image/svg+xml']);
    for (const status of ['400', '401', '403', '404', '422', '503'])
      expect(thumbnail.responses[status]?.content?.['application/json']).toEqual({
        schema: { $ref: '#/components/schemas/ContractError' },
      });
    const jobOutput = (document.paths['/api/files/job-output'] as unknown as { get: FileOperation }).get;
    expect(jobOutput.parameters.map((p) => p.name)).toEqual(['path', 'size']);
  });

  it('describes every event as a webhook: its payload, its subscription params, and the socket to subscribe on', () => {
    const webhooks = (document as unknown as { webhooks: Record<string, { post: WebhookOperation }> })
      .webhooks;
    expect(Object.keys(webhooks).sort()).toEqual([...eventNames].sort());
    for (const event of eventNames) {
      const hook = webhooks[event]?.post;
      const def = eventChannels[event] as { summary: string; payload: unknown; params?: unknown };
      expect(hook?.summary).toBe(def.summary);
      expect(hook?.requestBody.content['application/json'].schema, event).toEqual(def.payload);
      expect(hook?.['x-dpgui-params'], event).toEqual(
        def.params ?? { type: 'object', properties: {}, additionalProperties: false },
      );
    }
    expect(webhooks['job.log']?.post['x-dpgui-params']).toMatchObject({ required: ['jobId'] });
    const socket = (
      document as unknown as { 'x-dpgui-event-socket': { path: string; subprotocols: string[] } }
    )['x-dpgui-event-socket'];
    expect(socket).toMatchObject({ path: '/api/events', subprotocols: ['dpgui.v1', 'token.<token>'] });
  });
});

interface FileOperation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface WebhookOperation {
  summary: string;
  requestBody: { content: { 'application/json': { schema: unknown } } };
  'x-dpgui-params': unknown;
}
