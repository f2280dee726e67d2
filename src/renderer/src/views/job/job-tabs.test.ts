import { describe, expect, it } from 'vitest';
import { validateJobSearch } from './job-tabs';

describe("the job page's tab in the address", () => {
  it('keeps a known tab and drops the default and anything else', () => {
    expect(validateJobSearch({ tab: 'loss' })).toEqual({ tab: 'loss' });
    expect(validateJobSearch({ tab: 'config', other: 1 })).toEqual({ tab: 'config' });
    expect(validateJobSearch({ tab: 'log' })).toEqual({});
    expect(validateJobSearch({ tab: 'nonsense' })).toEqual({});
    expect(validateJobSearch({ tab: 3 })).toEqual({});
  });
});
