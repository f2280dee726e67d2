import { describe, expect, it } from 'vitest';
import { followAfterScroll, gapText, hitLabel, pageAround, stepHit } from './log-view-model';

const move = { following: true, running: true, previousTop: 1000, top: 1000, atBottom: true };

describe('following the tail', () => {
  it('stops when the user scrolls up, not when lines are added below', () => {
    expect(followAfterScroll({ ...move, top: 800, atBottom: false })).toBe(false);
    // The list grew: the view is no longer at the bottom, but nobody scrolled up.
    expect(followAfterScroll({ ...move, atBottom: false })).toBe(true);
  });

  it("starts again when the user scrolls back down to the end of a running job's log", () => {
    const up = { ...move, following: false };
    expect(followAfterScroll({ ...up, previousTop: 800, top: 1000 })).toBe(true);
    expect(followAfterScroll({ ...up, previousTop: 800, top: 900, atBottom: false })).toBe(false);
    expect(followAfterScroll({ ...up, running: false, previousTop: 800 })).toBe(false);
  });
});

describe('search hits', () => {
  it('says how many hits there are and which one is shown', () => {
    const done = { status: 'done' as const, hits: 120, current: -1, truncated: false };
    expect(hitLabel(done)).toBe('120 hits');
    expect(hitLabel({ ...done, current: 2 })).toBe('3 / 120');
    expect(hitLabel({ ...done, hits: 1000, truncated: true, current: 0 })).toBe('1 / 1,000+');
    expect(hitLabel({ ...done, hits: 0 })).toBe('No hits');
    expect(hitLabel({ ...done, hits: 1 })).toBe('1 hit');
    expect(hitLabel({ ...done, status: 'idle' })).toBe('');
  });

  it('steps through the hits round the ends (Enter, Shift+Enter)', () => {
    expect(stepHit(-1, 5, 1)).toBe(0);
    expect(stepHit(-1, 5, -1)).toBe(4);
    expect(stepHit(4, 5, 1)).toBe(0);
    expect(stepHit(0, 5, -1)).toBe(4);
    expect(stepHit(0, 0, 1)).toBe(-1);
  });

  it('reads the page around a hit that is not held', () => {
    expect(pageAround(500_000)).toBe(497_500);
    expect(pageAround(10)).toBe(0);
  });
});

describe('a gap row', () => {
  it('says how many lines are missing, numbered from 1 as shown', () => {
    expect(gapText(3, 998_000)).toEqual({
      label: '997,997 lines not loaded (lines 4–998,000)',
      oneRead: false,
      page: '5,000',
    });
    expect(gapText(3, 4).label).toBe('1 line not loaded (line 4)');
    expect(gapText(3, 4).oneRead).toBe(true);
  });
});
