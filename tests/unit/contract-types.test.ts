// The contract's types are derived from its schemas: a wrong channel, payload or listener is a compile
// error wherever the client is used. `npm test` type-checks this file (the @ts-expect-error lines fail
// the type-check if they stop being errors); the runtime part checks the derived names.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  eventNames,
  requestNames,
  type AppInfo,
  type DpguiClient,
  type EventPayloadOf,
  type RequestOf,
  type ResponseOf,
  type Settings,
} from '../../src/shared/contract';

describe('contract types', () => {
  it('derive request, response and event types from the schemas', () => {
    expectTypeOf<ResponseOf<'app.info'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<ResponseOf<'settings.set'>>().toEqualTypeOf<Settings>();
    expectTypeOf<RequestOf<'settings.set'>>().toEqualTypeOf<Partial<Settings>>();
    expectTypeOf<EventPayloadOf<'settings.changed'>>().toEqualTypeOf<Settings>();
    expectTypeOf<Settings['colorScheme']>().toEqualTypeOf<'auto' | 'light' | 'dark'>();
  });

  it('make a wrong channel, payload or listener a compile error', () => {
    const typeOnly = (client: DpguiClient): void => {
      void client.request('settings.set', { colorScheme: 'dark' });
      // @ts-expect-error: no such channel
      void client.request('jobs.explode', {});
      // @ts-expect-error: not one of the allowed values
      void client.request('settings.set', { colorScheme: 'sepia' });
      // @ts-expect-error: not a known field
      void client.request('settings.set', { fontSize: 3 });
      client.subscribe('settings.changed', (settings) => expectTypeOf(settings).toEqualTypeOf<Settings>());
      // @ts-expect-error: no such event
      client.subscribe('jobs.nothing', () => {});
      // Subscription params are typed by the event: job.log needs the job, settings.changed takes none.
      client.subscribe('job.log', (log) => expectTypeOf(log.fromLine).toEqualTypeOf<number>(), {
        jobId: 'a',
        fromLine: 10,
      });
      client.subscribe('job.progress', () => {});
      client.subscribe('job.progress', () => {}, { jobId: 'a' });
      // @ts-expect-error: job.log follows one job, so its params are required
      client.subscribe('job.log', () => {});
      // @ts-expect-error: fromLine is a line number
      client.subscribe('job.log', () => {}, { jobId: 'a', fromLine: 'start' });
      // @ts-expect-error: settings.changed takes no params
      client.subscribe('settings.changed', () => {}, { jobId: 'a' });
    };
    expect(typeof typeOnly).toBe('function');
  });

  it('name channels with dots, domain first', () => {
    for (const name of [...requestNames, ...eventNames]) expect(name).toMatch(/^[a-z]+(\.[a-z][A-Za-z]*)+$/);
    expect(requestNames).toEqual(expect.arrayContaining(['app.info', 'settings.get', 'settings.set']));
  });
});
