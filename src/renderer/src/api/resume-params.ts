/**
 * A job.log subscription that comes back after the connection dropped asks for the lines from the one
 * after the last it got (`fromLine`), so the log goes on without a gap and without a line twice.
 */

/** The next line a job.log subscription should get after this event; null for other events. */
export function nextLineAfter(event: string, payload: unknown): number | null {
  if (event !== 'job.log' || typeof payload !== 'object' || payload === null) return null;
  const { fromLine, lines } = payload as { fromLine?: unknown; lines?: unknown };
  // A gap marker's fromLine is already where the live lines go on (the gap is read with logs.read).
  return typeof fromLine === 'number' && Array.isArray(lines) ? fromLine + lines.length : null;
}

/** The params to subscribe with again: `fromLine` moved to where the client got to, if it got anywhere. */
export function resumeParams(params: unknown, nextLine: number | null): unknown {
  if (nextLine === null || typeof params !== 'object' || params === null) return params;
  return { ...params, fromLine: nextLine };
}
