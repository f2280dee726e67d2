/** The chart's x range moves: pan and zoom by keyboard or Shift+drag, kept within the curve's steps. */
import type { StepRange } from './loss-series';

/** The narrowest range a zoom goes to, in steps. */
const minWidth = 4;

/** `range` moved inside `extent` whole (a pan past the end stops at it). */
export function clampRange(range: StepRange, extent: StepRange): StepRange {
  const width = Math.min(range.to - range.from, extent.to - extent.from);
  const from = Math.min(Math.max(range.from, extent.from), extent.to - width);
  return { from, to: from + width };
}

/** Shifted by `share` of its width (negative: toward earlier steps). */
export function panRange(range: StepRange, share: number, extent: StepRange): StepRange {
  const shift = (range.to - range.from) * share;
  return clampRange({ from: range.from + shift, to: range.to + shift }, extent);
}

/** Narrowed (factor < 1) or widened around `centre` (default: the middle); null once it is the whole curve. */
export function zoomRange(
  range: StepRange,
  factor: number,
  extent: StepRange,
  centre = (range.from + range.to) / 2,
): StepRange | null {
  const width = Math.max((range.to - range.from) * factor, minWidth);
  if (width >= extent.to - extent.from) return null;
  const share = range.to > range.from ? (centre - range.from) / (range.to - range.from) : 0.5;
  const from = centre - width * share;
  return clampRange({ from, to: from + width }, extent);
}

/** Null where `range` shows the whole curve (no zoom to keep). */
export function asZoom(range: StepRange, extent: StepRange): StepRange | null {
  return range.from <= extent.from && range.to >= extent.to ? null : range;
}

/** What a zoom asks of one attempt of the curve (see use-zoom-detail.ts). */
export interface DetailWanted {
  jobId: string;
  downsampled: boolean;
  /** This attempt's steps end before this one (the next attempt's first step). */
  before: number;
}

/**
 * The steps of `range` to read again for this attempt: null where it drew every step already or drew
 * nothing there (its steps end before the range).
 */
export function detailRange(attempt: DetailWanted, range: StepRange | null): StepRange | null {
  if (!range || !attempt.downsampled) return null;
  const from = Math.max(0, Math.floor(range.from));
  const to = Math.min(Math.ceil(range.to), attempt.before - 1);
  return to >= from ? { from, to } : null;
}
