import { describe, expect, it } from 'vitest';
import { requestNames, type RequestName } from '../../../shared/contract';
import { composeHandlers, HandlerCompositionError } from './compose-handlers';

/** A handler per channel in `channels`, each answering which map it came from. */
const mapOf = (source: string, channels: readonly string[]) =>
  Object.fromEntries(channels.map((channel) => [channel, () => ({ source })]));

const jobsChannels = requestNames.filter((channel) => channel.startsWith('jobs.'));
const otherChannels = requestNames.filter((channel) => !channel.startsWith('jobs.'));

const failureOf = (compose: () => unknown): string => {
  try {
    compose();
  } catch (error) {
    if (error instanceof HandlerCompositionError) return error.message;
    throw error;
  }
  throw new Error('the composition did not throw');
};

describe('composing the handler maps of the domains', () => {
  it('gives every contract channel the handler of the one map that has it', () => {
    const handlers = composeHandlers({
      jobs: mapOf('jobs', jobsChannels),
      rest: mapOf('rest', otherChannels),
    });
    expect(Object.keys(handlers).sort()).toEqual([...requestNames].sort());
    const call = (channel: RequestName) => (handlers[channel] as () => unknown)();
    expect(call('jobs.retry')).toEqual({ source: 'jobs' });
    expect(call('app.info')).toEqual({ source: 'rest' });
  });

  it('throws on a channel handled in two maps, naming it and both maps, whichever order they come in', () => {
    const queue = mapOf('queue', jobsChannels);
    const resume = mapOf('resume', ['jobs.retry']);
    const rest = mapOf('rest', otherChannels);
    expect(failureOf(() => composeHandlers({ queue, resume, rest }))).toBe(
      'The channel jobs.retry has two handlers, in the queue map and in the resume map: keep one.',
    );
    expect(failureOf(() => composeHandlers({ resume, rest, queue }))).toBe(
      'The channel jobs.retry has two handlers, in the resume map and in the queue map: keep one.',
    );
  });

  it('throws on a contract channel no map handles, and on a channel the contract lacks', () => {
    const withoutRetry = jobsChannels.filter((channel) => channel !== 'jobs.retry');
    expect(
      failureOf(() =>
        composeHandlers({ jobs: mapOf('jobs', withoutRetry), rest: mapOf('rest', otherChannels) }),
      ),
    ).toBe('No map handles jobs.retry.');
    expect(
      failureOf(() =>
        composeHandlers({
          jobs: mapOf('jobs', [...jobsChannels, 'jobs.retryLater']),
          rest: mapOf('rest', otherChannels),
        }),
      ),
    ).toBe('The jobs map handles jobs.retryLater, which is no channel of the contract.');
  });
});
