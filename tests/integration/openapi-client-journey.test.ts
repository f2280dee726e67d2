/**
 * A third-party client written from the OpenAPI document alone: it GETs the document from a running
 * `dpgui serve` and finds every call in it (operations by operationId, their paths, methods, query
 * parameters and schemas; the events as webhooks with their subscription params; the event socket in
 * x-dpgui-event-socket), checks what it sends and gets against the document's schemas, and never
 * touches our TypeScript client or contract. The journey: choose a folder with the picker, register it
 * as a dataset, read a thumbnail of one of its images, and follow a job's metrics as it trains.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  fakePython,
  jobIds,
  makeWorld,
  sdJob,
  startHost,
  until,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

/** What this client reads of an OpenAPI 3.1 document (nothing DPGui-specific but the x- extensions). */
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  'x-dpgui-params'?: object;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
  'x-dpgui-event-socket': {
    path: string;
    subprotocols: string[];
    clientMessages: Record<string, object>;
    hostMessages: Record<string, object>;
  };
}

/** A generic client: every call is looked up in the document, and checked against its schemas. */
function clientOf(document: Document, origin: string, token: string) {
  expect(document.openapi).toMatch(/^3\.1\./);
  expect(Object.values(document.components.securitySchemes)).toContainEqual(
    expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  );
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const compiled = new Map<object, ValidateFunction>();
  const check = (schema: object, value: unknown, what: string): void => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    expect(validate(value) ? [] : validate.errors, what).toEqual([]);
  };
  const find = (operationId: string): { path: string; method: string; operation: Operation } => {
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item))
        if (operation.operationId === operationId) return { path, method, operation };
    throw new Error(`the document has no operation ${operationId}`);
  };
  const auth = { authorization: `Bearer ${token}` };

  return {
    /** A JSON operation: its body checked against the request schema, its answer against the 200 one. */
    async call<T>(operationId: string, body: unknown): Promise<T> {
      const { path, method, operation } = find(operationId);
      const json = operation.requestBody?.content['application/json'];
      if (!json) throw new Error(`${operationId} takes no JSON body`);
      check(json.schema, body, `${operationId} request`);
      const response = await fetch(new URL(path, origin), {
        method: method.toUpperCase(),
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer: unknown = await response.json();
      expect(response.status, `${operationId}: ${JSON.stringify(answer)}`).toBe(200);
      const schema = operation.responses['200']?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${operationId} describes no JSON answer`);
      check(schema, answer, `${operationId} answer`);
      return answer as T;
    },
    /** A GET with query parameters: only those declared, every required one given, each checked. */
    async get(operationId: string, query: Record<string, string | number>) {
      const { path, method, operation } = find(operationId);
      expect(method).toBe('get');
      const url = new URL(path, origin);
      const declared = operation.parameters ?? [];
      for (const param of declared) if (param.required) expect(query, param.name).toHaveProperty(param.name);
      for (const [name, value] of Object.entries(query)) {
        const param = declared.find((p) => p.name === name && p.in === 'query');
        if (!param) throw new Error(`${operationId} has no query parameter ${name}`);
        check(param.schema, value, `${operationId} ${name}`);
        url.searchParams.set(name, String(value));
      }
      const response = await fetch(url, { headers: auth });
      expect(response.status, `${operationId}: ${response.status}`).toBe(200);
      const type = response.headers.get('content-type') ?? '';
      const declaredTypes = Object.keys(operation.responses['200']?.content ?? {});
      expect(declaredTypes, `${operationId} answered ${type}`).toContain(type.split(';')[0]);
      return { type, bytes: Buffer.from(await response.arrayBuffer()) };
    },
    /** The event socket as x-dpgui-event-socket describes it, with its messages checked. */
    async events() {
      const described = document['x-dpgui-event-socket'];
      const url = new URL(described.path, origin.replace(/^http/, 'ws'));
      const protocols = described.subprotocols.map((p) => p.replace('<token>', token));
      const socket = new WebSocket(url, protocols);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const received: Record<string, unknown>[] = [];
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as Record<string, unknown>;
        const schema = described.hostMessages[String(message.type)];
        if (!schema) throw new Error(`the document describes no host message ${String(message.type)}`);
        check(schema, message, `host message ${String(message.type)}`);
        received.push(message);
      });
      const send = (kind: string, message: Record<string, unknown>): void => {
        const schema = described.clientMessages[kind];
        if (!schema) throw new Error(`the document describes no client message ${kind}`);
        check(schema, message, `client message ${kind}`);
        socket.send(JSON.stringify(message));
      };
      let requests = 0;
      return {
        close: () => socket.terminate(),
        received,
        /** Subscribe, then wait for a request sent after it: the document says it is in place then. */
        async subscribe(subscription: number, event: string, params: object): Promise<void> {
          const hook = document.webhooks[event]?.post;
          if (!hook?.['x-dpgui-params']) throw new Error(`the document has no event ${event}`);
          check(hook['x-dpgui-params'], params, `${event} params`);
          send('subscribe', { type: 'subscribe', subscription, event, params });
          const id = ++requests;
          send('request', { type: 'request', id, channel: 'app.info', payload: {} });
          await until(
            'the socket to answer',
            () => Promise.resolve(received.some((m) => m.id === id)),
            15_000,
          );
          expect(received.filter((m) => m.type === 'error')).toEqual([]);
        },
        /** The payloads of one subscription, each checked against its webhook's body schema. */
        payloads<T>(subscription: number, event: string): T[] {
          const schema = document.webhooks[event]?.post.requestBody?.content['application/json']?.schema;
          if (!schema) throw new Error(`the document describes no payload of ${event}`);
          return received
            .filter((m) => m.type === 'event' && m.subscription === subscription)
            .map((m) => {
              expect(m.event).toBe(event);
              check(schema, m.payload, `${event} payload`);
              return m.payload as T;
            });
        },
      };
    },
  };
}

interface Listing {
  entries: { name: string; path: string; kind: string }[];
}
interface MetricsEvent {
  jobId: string;
  points: { step: number }[];
}

describe('a client written from the OpenAPI document alone', () => {
  it('lists a folder, registers it as a dataset, reads a thumbnail and follows a job’s metrics', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const photos = join(root, 'photos');
    mkdirSync(photos);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#468' } })
      .png()
      .toFile(join(photos, 'cat.png'));
    writeFileSync(join(photos, 'cat.txt'), 'a cat');
    const host = await startHost(join(root, 'data'));
    const origin = `http://127.0.0.1:${host.port}`;

    const documentAnswer = await fetch(`${origin}/api/openapi.json`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(documentAnswer.status).toBe(200);
    const client = clientOf((await documentAnswer.json()) as Document, origin, host.token);

    // The picker: the folders of `root`, then the chosen one registered and scanned.
    const listing = await client.call<Listing>('host.listFolder', {
      path: root,
      filter: { kinds: ['folder'] },
    });
    const chosen = listing.entries.find((entry) => entry.name === 'photos');
    expect(chosen).toMatchObject({ kind: 'folder', path: photos });
    const { id } = await client.call<{ id: string }>('datasets.register', { path: chosen?.path });
    await client.call('datasets.scan', { id });
    const { files } = await client.call<{ files: { path: string }[] }>('datasets.files', { id });
    expect(files.map((file) => file.path)).toEqual(['cat.png']);

    const thumbnail = await client.get('files.thumbnail', { dataset: id, path: 'cat.png', size: 64 });
    expect(thumbnail.type).toBe('image/webp');
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ format: 'webp', width: 64, height: 43 });

    // A job's metrics, from a fake sd-scripts run that waits for the test before it ends.
    await client.call('settings.set', {
      trainers: {
        sdScripts: { python: fakePython, folder: world.sdScripts, env: { HF_HOME: join(root, 'hf') } },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    await client.call('queue.pause', {});
    const go = join(root, 'go');
    const job = sdJob(root, world, 'followed', ['--replay', 'plain_split_unbuf', '--wait-for', go]);
    const { id: jobId } = await client.call<{ id: string }>('jobs.enqueue', job);
    jobIds.push(jobId);
    const events = await client.events();
    try {
      await events.subscribe(1, 'job.metrics', { jobId });
      await client.call('queue.resume', {});
      const metrics = await until(
        'a job.metrics event',
        () => Promise.resolve(events.payloads<MetricsEvent>(1, 'job.metrics').at(0)),
        60_000,
      );
      expect(metrics.jobId).toBe(jobId);
      expect(metrics.points.length).toBeGreaterThan(0);
      writeFileSync(go, '');
      await until(
        'the job to succeed',
        async () => (await client.call<{ status: string }>('jobs.get', { id: jobId })).status === 'succeeded',
        60_000,
      );
    } finally {
      events.close();
    }
  }, 180_000);
});
