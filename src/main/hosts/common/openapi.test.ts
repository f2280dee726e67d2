import { describe, expect, it } from 'vitest';
import { contractErrorSchema, requestChannels, requestNames } from '../../../shared/contract';
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
  it('has every request channel of the contract as POST /api/<channel>, and nothing else', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(requestNames.map((c) => `/api/${c}`).sort());
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
      trainer: 'generic',
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
});
