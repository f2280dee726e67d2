import { describe, expect, it } from 'vitest';
import { fillHeight } from './use-fill-height';

describe('the log fills the window below it', () => {
  it('reaches down to the status bar, less the page padding', () => {
    expect(fillHeight(440, 692, 200)).toBe(236);
  });

  it('keeps its least height in a window too small for it (then the page scrolls)', () => {
    expect(fillHeight(600, 692, 256)).toBe(256);
  });
});
