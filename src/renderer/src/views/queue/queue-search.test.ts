import { describe, expect, it } from 'vitest';
import { jobsFilterOf, validateQueueSearch } from './queue-search';

describe('the queue address', () => {
  it('keeps a known state group, the search and the selected job', () => {
    expect(validateQueueSearch({ state: 'ended', q: 'lora', job: 'j1' })).toEqual({
      state: 'ended',
      q: 'lora',
      job: 'j1',
    });
  });

  it('drops what it does not know, and the defaults', () => {
    expect(validateQueueSearch({ state: 'bogus', q: '   ', job: 3 })).toEqual({});
    expect(validateQueueSearch({ state: 'all' })).toEqual({});
  });

  it('reads a number-looking search as text', () => {
    expect(validateQueueSearch({ q: 42 })).toEqual({ q: '42' });
  });
});

describe('the list query of a filter', () => {
  it('asks for the statuses of each group, in queue order', () => {
    expect(jobsFilterOf({})).toEqual({ sort: 'queue' });
    expect(jobsFilterOf({ state: 'active' }).statuses).toEqual(['starting', 'running', 'stopping']);
    expect(jobsFilterOf({ state: 'waiting' }).statuses).toEqual(['queued', 'held']);
    expect(jobsFilterOf({ state: 'ended' }).statuses).toEqual(['failed', 'interrupted']);
    expect(jobsFilterOf({ state: 'canceled' }).statuses).toEqual(['canceled']);
  });

  it('searches by the trimmed name', () => {
    expect(jobsFilterOf({ q: '  flux ' })).toEqual({ sort: 'queue', search: 'flux' });
  });
});
