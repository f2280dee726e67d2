/** What the log panel decides, as plain functions: following the tail, search hits, gap rows, pages. */
import { maxLogReadLines } from '../../../../../shared/contract';

/** A followed log holds at most this many rows; past it the oldest are let go down to `keptWhileFollowing`. */
export const heldWhileFollowing = 20_000;
export const keptWhileFollowing = 10_000;

export interface ScrollMove {
  following: boolean;
  running: boolean;
  /** scrollTop before and after this scroll event. */
  previousTop: number;
  top: number;
  /** The last row is in view after it. */
  atBottom: boolean;
}

/**
 * Following after the user scrolled: scrolling up stops it (new lines no longer pull the view down),
 * scrolling back down to the end of a running job's log starts it again, as in a terminal. A scroll
 * that the panel made itself or that the growing list caused moves nothing up, so it changes nothing.
 */
export function followAfterScroll(move: ScrollMove): boolean {
  if (move.following && move.top < move.previousTop - 1 && !move.atBottom) return false;
  if (!move.following && move.running && move.atBottom && move.top > move.previousTop) return true;
  return move.following;
}

/** The logs.read page that shows line `line` with lines around it. */
export function pageAround(line: number): number {
  return Math.max(0, line - Math.floor(maxLogReadLines / 2));
}

const count = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return count.format(n);
}

export interface SearchState {
  status: 'idle' | 'searching' | 'done' | 'error';
  hits: number;
  /** Index of the hit shown, -1 before the first jump. */
  current: number;
  /** More lines matched than were read. */
  truncated: boolean;
}

/** "3 / 120", "120 hits", "No hits", "1,000+ hits", "Searching…". */
export function hitLabel(search: SearchState): string {
  if (search.status === 'idle') return '';
  if (search.status === 'searching') return 'Searching…';
  if (search.status === 'error') return 'Search failed';
  if (search.hits === 0) return 'No hits';
  const total = `${formatCount(search.hits)}${search.truncated ? '+' : ''}`;
  if (search.current < 0) return `${total} ${search.hits === 1 && !search.truncated ? 'hit' : 'hits'}`;
  return `${formatCount(search.current + 1)} / ${total}`;
}

/** The hit after (1) or before (-1) the current one, round the end; -1 before the first jump goes to the last. */
export function stepHit(current: number, hits: number, direction: 1 | -1): number {
  if (hits === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : hits - 1;
  return (current + direction + hits) % hits;
}

/** A gap row's words: how many lines are missing and what its buttons read. */
export function gapText(fromLine: number, toLine: number): { label: string; oneRead: boolean; page: string } {
  const missing = toLine - fromLine;
  return {
    label:
      missing === 1
        ? `1 line not loaded (line ${formatCount(toLine)})`
        : `${formatCount(missing)} lines not loaded (lines ${formatCount(fromLine + 1)}–${formatCount(toLine)})`,
    oneRead: missing <= maxLogReadLines,
    page: formatCount(maxLogReadLines),
  };
}
