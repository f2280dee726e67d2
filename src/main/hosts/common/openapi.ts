/**
 * The contract as an OpenAPI 3.1 document: one POST operation per request channel at /api/<channel>,
 * its request and response schemas as they are (OpenAPI 3.1 speaks JSON Schema), the error object for
 * every other answer, and the bearer token. Pure: a function of the channel map, so a new contract
 * domain appears here with no code of its own. Served by `GET /api/openapi.json` and `dpgui openapi`.
 */
import { isRequestName, requestChannels } from '../../../shared/contract';
import { contractErrorSchema } from '../../../shared/contract/errors';
import { httpApiPrefix } from '../../../shared/contract/wire';
import { appVersion } from '../../core/app/app-version';
import type { SchemaValidators } from '../../core/contract/schema-validators';

export interface ChannelSchemas {
  readonly summary: string;
  readonly request: unknown;
  readonly response: unknown;
}

export interface OpenApiOptions {
  channels: Readonly<Record<string, ChannelSchemas>>;
  version: string;
  /** Whether a channel accepts `{}`: then its body may be left out (the host reads none as `{}`). */
  acceptsEmptyObject: (channel: string) => boolean;
}

/** What a channel call can answer besides 200, and when (the contract error codes' HTTP statuses). */
export const errorStatuses: Readonly<Record<string, string>> = {
  '400': 'The body is not JSON, nests too deep, or does not match the request schema (invalid_payload).',
  '401': 'The token is missing or wrong (unauthorized).',
  '403': 'The Host or Origin header is not this host (forbidden).',
  '404': 'The channel, or a thing the request names, does not exist (unknown_channel, not_found).',
  '409': 'The request conflicts with the current state (conflict).',
  '413': 'The body is larger than the host accepts (payload_too_large).',
  '415': 'The body is not sent as application/json (invalid_payload).',
  '500': 'The host failed to do it, e.g. the disk refused a write (io_error, internal).',
};

export function buildOpenApiDocument({ channels, version, acceptsEmptyObject }: OpenApiOptions): object {
  const errorRef = { $ref: '#/components/schemas/ContractError' };
  const paths: Record<string, object> = {};
  for (const [channel, def] of Object.entries(channels)) {
    const errors = Object.fromEntries(
      Object.entries(errorStatuses).map(([status, description]) => [
        status,
        { description, content: { 'application/json': { schema: errorRef } } },
      ]),
    );
    paths[`${httpApiPrefix}${channel}`] = {
      post: {
        operationId: channel,
        summary: def.summary,
        requestBody: {
          required: !acceptsEmptyObject(channel),
          content: { 'application/json': { schema: def.request } },
        },
        responses: {
          '200': {
            description: 'Done: the answer.',
            content: { 'application/json': { schema: def.response } },
          },
          ...errors,
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DPGui',
      version,
      description:
        'Every request channel of the DPGui contract, called as POST /api/<channel> with a JSON body. ' +
        'Events and requests also travel on the WebSocket at /api/events (not described here).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { ContractError: contractErrorSchema },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The key in the URL that `dpgui serve` printed (#token=…); it changes at every start.',
        },
      },
    },
  };
}

/** This build's contract, as `GET /api/openapi.json` and `dpgui openapi` give it. */
export function contractOpenApiDocument(validators: Pick<SchemaValidators, 'request'>): object {
  return buildOpenApiDocument({
    channels: requestChannels,
    version: appVersion,
    acceptsEmptyObject: (channel) => isRequestName(channel) && validators.request(channel, {}).ok,
  });
}
