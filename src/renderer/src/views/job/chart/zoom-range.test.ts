import { describe, expect, it } from 'vitest';
import { asZoom, detailRange, panRange, zoomRange } from './zoom-range';

const extent = { from: 0, to: 1000 };

describe('the zoom range', () => {
  it('pans by a share of its width and stops at the ends of the curve', () => {
    expect(panRange({ from: 100, to: 200 }, 0.5, extent)).toEqual({ from: 150, to: 250 });
    expect(panRange({ from: 900, to: 1000 }, 0.5, extent)).toEqual({ from: 900, to: 1000 });
    expect(panRange({ from: 20, to: 120 }, -0.5, extent)).toEqual({ from: 0, to: 100 });
  });

  it('zooms around a point, keeping it at the same place', () => {
    expect(zoomRange({ from: 0, to: 1000 }, 0.5, extent, 200)).toEqual({ from: 100, to: 600 });
    expect(zoomRange({ from: 400, to: 600 }, 0.5, extent)).toEqual({ from: 450, to: 550 });
  });

  it('is no zoom once zoomed out to the whole curve, and never narrower than a few steps', () => {
    expect(zoomRange({ from: 100, to: 900 }, 2, extent)).toBeNull();
    expect(zoomRange({ from: 10, to: 12 }, 0.5, extent)).toEqual({ from: 9, to: 13 });
  });

  it('calls a range that covers the curve no zoom', () => {
    expect(asZoom({ from: 0, to: 1000 }, extent)).toBeNull();
    expect(asZoom({ from: 0, to: 999 }, extent)).toEqual({ from: 0, to: 999 });
  });
});

describe('detailRange', () => {
  const attempt = { jobId: 'a', downsampled: true, before: 4001 };

  it('reads the whole steps of the zoomed range again, up to where the next run began', () => {
    expect(detailRange(attempt, { from: 3500.4, to: 4500.2 })).toEqual({ from: 3500, to: 4000 });
  });

  it('reads nothing where every step is drawn, nothing is zoomed, or the run drew nothing there', () => {
    expect(detailRange({ ...attempt, downsampled: false }, { from: 1, to: 2 })).toBeNull();
    expect(detailRange(attempt, null)).toBeNull();
    expect(detailRange(attempt, { from: 5000, to: 6000 })).toBeNull();
  });
});
