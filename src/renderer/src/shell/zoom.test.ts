import { describe, expect, it } from 'vitest';
import { nextZoom, parseStoredZoom, zoomLabel } from './zoom';

describe('UI zoom', () => {
  it('steps in and out like a browser, and stops at either end', () => {
    expect(nextZoom(1, 'in')).toBe(1.1);
    expect(nextZoom(1.1, 'in')).toBe(1.25);
    expect(nextZoom(1, 'out')).toBe(0.9);
    expect(nextZoom(2, 'in')).toBe(2);
    expect(nextZoom(0.67, 'out')).toBe(0.67);
    expect(nextZoom(1.75, 'reset')).toBe(1);
  });

  it('moves from a value between steps to the nearest step in that direction', () => {
    expect(nextZoom(1.05, 'in')).toBe(1.1);
    expect(nextZoom(1.05, 'out')).toBe(1);
  });

  it('reads a remembered zoom, and falls back to 100 % for anything unusable', () => {
    expect(parseStoredZoom('1.25')).toBe(1.25);
    expect(parseStoredZoom(null)).toBe(1);
    expect(parseStoredZoom('huge')).toBe(1);
    expect(parseStoredZoom('40')).toBe(1);
    expect(zoomLabel(1.1)).toBe('110 %');
  });
});
