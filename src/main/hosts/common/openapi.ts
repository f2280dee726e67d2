/**
 * The contract as an OpenAPI 3.1 document, enough to write a client from it alone: one POST operation
 * per request channel at /api/<channel>, its request and response schemas as they are (OpenAPI 3.1
 * speaks JSON Schema), the error object for every other answer, and the bearer token; the file route
 * (GET /api/files/<route>) with its parameters and media types; and every event as a webhook (its
 * payload, and its subscription params under `x-dpgui-params`), with the event socket's messages under
 * `x-dpgui-event-socket`. Pure: a function of the channel, event and route maps, so a new contract
 * domain appears here with no code of its own. Served by `GET /api/openapi.json` and `dpgui openapi`.
 */
import { eventChannels, isRequestName, requestChannels } from '../../../shared/contract';
import { contractErrorSchema } from '../../../shared/contract/errors';
import { filesPrefix, fileRoutes } from '../../../shared/contract/file-route';
import {
  eventSocketProtocol,
  eventsPath,
  httpApiPrefix,
  tokenProtocolPrefix,
} from '../../../shared/contract/wire';
import { appVersion } from '../../core/app/app-version';
import type { SchemaValidators } from '../../core/contract/schema-validators';

export interface ChannelSchemas {
  readonly summary: string;
  readonly request: unknown;
  readonly response: unknown;
}

export interface EventSchemas {
  readonly summary: string;
  readonly payload: unknown;
  /** What a subscription says (`{event, params}`); none: `{}` or nothing. */
  readonly params?: unknown;
}

export interface FileRouteSpec {
  readonly summary: string;
  readonly params: readonly { name: string; required: boolean; description: string; schema: object }[];
  readonly contentTypes: readonly string[];
}

export interface OpenApiOptions {
  channels: Readonly<Record<string, ChannelSchemas>>;
  version: string;
  /** Whether a channel accepts `{}`: then its body may be left out (the host reads none as `{}`). */
  acceptsEmptyObject: (channel: string) => boolean;
  events?: Readonly<Record<string, EventSchemas>>;
  /** The file route's routes, served at `${filesPrefix}/<route>`. */
  files?: Readonly<Record<string, FileRouteSpec>>;
}

/** What a channel call can answer besides 200, and when (the contract error codes' HTTP statuses). */
export const errorStatuses: Readonly<Record<string, string>> = {
  '400': 'The body is not JSON, nests too deep, or does not match the request schema (invalid_payload).',
  '401': 'The token is missing or wrong (unauthorized).',
  '403':
    'The Host or Origin header is not this host, or the host may not read what the request names (forbidden).',
  '404': 'The channel, or a thing the request names, does not exist (unknown_channel, not_found).',
  '409': 'The request conflicts with the current state (conflict).',
  '413': 'The body is larger than the host accepts (payload_too_large).',
  '415': 'The body is not sent as application/json (invalid_payload).',
  '500': 'The host failed to do it, e.g. the disk refused a write (io_error, internal).',
};

/** What the file route can answer besides 200 (core/files: the guard, the serve policy, the work limit). */
export const fileErrorStatuses: Readonly<Record<string, string>> = {
  '400': 'A parameter is missing or malformed (invalid_payload).',
  '401': 'The token is missing or wrong (unauthorized).',
  '403': 'The file is not one the UI may see: not in a scanned dataset or a job output folder (forbidden).',
  '404': 'No such dataset, file, or route (not_found).',
  '422': 'The file is there but is not what the route sends: not media, a checkpoint, too large (io_error).',
  '503': 'The host is busy making thumbnails; try again after Retry-After seconds (io_error).',
};

const emptyParams = { type: 'object', properties: {}, additionalProperties: false };

/** The event socket as a client uses it: where, how it authenticates, and its messages' schemas. */
export function eventSocketDescription(): object {
  const subscription = {
    type: 'integer',
    description: "The client's own number for the subscription, echoed on each of its events.",
  };
  return {
    path: eventsPath,
    subprotocols: [eventSocketProtocol, `${tokenProtocolPrefix}<token>`],
    authentication: `The token as the subprotocol ${tokenProtocolPrefix}<token> (browsers), or ?token=<token> in the URL.`,
    description:
      'Subscribe with {"type":"subscribe","subscription":1,"event":<webhook name>,"params":<its x-dpgui-params>}; ' +
      'the host pushes {"type":"event","subscription":1,"event":…,"payload":<its request body>}, or ' +
      '{"type":"error","subscription":1,"error":<ContractError>} once if the params are refused. ' +
      'Requests may ride the socket too: {"type":"request","id":7,"channel":…,"payload":…}. ' +
      "A socket's messages are handled in order: once a request sent after a subscribe is answered, " +
      'that subscription is in place.',
    clientMessages: {
      subscribe: {
        type: 'object',
        required: ['type', 'event'],
        properties: {
          type: { const: 'subscribe' },
          subscription,
          event: { type: 'string' },
          params: { type: 'object' },
        },
      },
      unsubscribe: {
        type: 'object',
        required: ['type', 'event'],
        properties: { type: { const: 'unsubscribe' }, subscription, event: { type: 'string' } },
      },
      request: {
        type: 'object',
        required: ['type', 'id', 'channel', 'payload'],
        properties: {
          type: { const: 'request' },
          id: { type: 'integer' },
          channel: { type: 'string' },
          payload: {},
        },
      },
    },
    hostMessages: {
      event: {
        type: 'object',
        required: ['type', 'event', 'payload'],
        properties: { type: { const: 'event' }, subscription, event: { type: 'string' }, payload: {} },
      },
      error: {
        type: 'object',
        required: ['type', 'error'],
        properties: {
          type: { const: 'error' },
          subscription,
          error: { $ref: '#/components/schemas/ContractError' },
        },
      },
      response: {
        type: 'object',
        required: ['type', 'id', 'result'],
        properties: {
          type: { const: 'response' },
          id: { type: 'integer' },
          result: {
            description: '{"ok":true,"value":<the 200 answer>} or {"ok":false,"error":<ContractError>}.',
            type: 'object',
          },
        },
      },
    },
  };
}

function fileRoutePaths(files: Readonly<Record<string, FileRouteSpec>>): Record<string, object> {
  const errorRef = { $ref: '#/components/schemas/ContractError' };
  const paths: Record<string, object> = {};
  for (const [route, spec] of Object.entries(files)) {
    paths[`${filesPrefix}/${route}`] = {
      get: {
        operationId: `files.${route}`,
        summary: spec.summary,
        parameters: spec.params.map((param) => ({ in: 'query', ...param })),
        responses: {
          '200': {
            description: "The file's bytes (show them as a blob URL).",
            content: Object.fromEntries(
              spec.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
            ),
          },
          ...Object.fromEntries(
            Object.entries(fileErrorStatuses).map(([status, description]) => [
              status,
              { description, content: { 'application/json': { schema: errorRef } } },
            ]),
          ),
        },
      },
    };
  }
  return paths;
}

function eventWebhooks(events: Readonly<Record<string, EventSchemas>>): Record<string, object> {
  return Object.fromEntries(
    Object.entries(events).map(([event, def]) => [
      event,
      {
        post: {
          operationId: `event:${event}`,
          summary: def.summary,
          description: `Pushed on the event socket (${eventsPath}) to a subscription to ${event}; the body is the event's payload.`,
          'x-dpgui-event': event,
          'x-dpgui-params': def.params ?? emptyParams,
          requestBody: { required: true, content: { 'application/json': { schema: def.payload } } },
          responses: { '200': { description: 'Nothing is answered: events are pushed, not called.' } },
        },
      },
    ]),
  );
}

export function buildOpenApiDocument({
  channels,
  version,
  acceptsEmptyObject,
  events = {},
  files = {},
}: OpenApiOptions): object {
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
        'Every request channel of the DPGui contract, called as POST /api/<channel> with a JSON body; ' +
        `the files the UI shows at GET ${filesPrefix}/<route>; the events as webhooks, pushed on the ` +
        `WebSocket at ${eventsPath} (x-dpgui-event-socket says how to subscribe).`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths: { ...paths, ...fileRoutePaths(files) },
    webhooks: eventWebhooks(events),
    'x-dpgui-event-socket': eventSocketDescription(),
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
    events: eventChannels,
    files: fileRoutes,
    version: appVersion,
    acceptsEmptyObject: (channel) => isRequestName(channel) && validators.request(channel, {}).ok,
  });
}
