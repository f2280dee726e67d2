import { describe, expect, it } from 'vitest';
import { nextLineAfter, resumeParams } from './resume-params';

const line = { stream: 'stdout', time: 1, text: 'x' };

describe('resuming a job.log subscription', () => {
  it('goes on after the last line received, and after a gap marker where the live lines go on', () => {
    expect(nextLineAfter('job.log', { jobId: 'a', fromLine: 10, lines: [line, line], partial: [] })).toBe(12);
    const marker = { jobId: 'a', fromLine: 90, lines: [], partial: [], gap: { fromLine: 12, toLine: 90 } };
    expect(nextLineAfter('job.log', marker)).toBe(90);
    expect(resumeParams({ jobId: 'a' }, 12)).toEqual({ jobId: 'a', fromLine: 12 });
    expect(resumeParams({ jobId: 'a', fromLine: 0 }, 90)).toEqual({ jobId: 'a', fromLine: 90 });
  });

  it('leaves other events and subscriptions that got nothing yet as they were', () => {
    expect(nextLineAfter('job.progress', { jobId: 'a', fromLine: 3, lines: [] })).toBeNull();
    expect(resumeParams({ jobId: 'a' }, null)).toEqual({ jobId: 'a' });
    expect(resumeParams(undefined, null)).toBeUndefined();
  });
});
