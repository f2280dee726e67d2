import { describe, expect, it } from 'vitest';
import type { LogsReadResponse } from '../../../../../shared/contract';
import { readWholeLog } from './copy-log';

const esc = '\u001b';
const logOf = (total: number, pageSize: number) => {
  const asked: number[] = [];
  const read = (fromLine: number): Promise<LogsReadResponse> => {
    asked.push(fromLine);
    const count = Math.max(0, Math.min(pageSize, total - fromLine));
    return Promise.resolve({
      jobId: 'j',
      fromLine,
      lines: Array.from({ length: count }, (_, i) => ({
        stream: 'stdout' as const,
        time: 0,
        text: `${esc}[32mline ${fromLine + i}${esc}[0m`,
      })),
      partial: [{ stream: 'stderr' as const, text: 'steps: 50%' }],
      totalLines: total,
    });
  };
  return { read, asked };
};

describe('copying the whole log', () => {
  it('reads it page by page, in order, without colour codes, and reports progress', async () => {
    const { read, asked } = logOf(12, 5);
    const progress: string[] = [];
    const whole = await readWholeLog(read, (done, total) => progress.push(`${done}/${total}`));
    expect(asked).toEqual([0, 5, 10]);
    expect(progress).toEqual(['5/12', '10/12', '12/12']);
    expect(whole.lines).toBe(12);
    expect(whole.text.split('\n')).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `line ${i}`),
      'steps: 50%',
    ]);
  });

  it('copies an empty log as its open line only', async () => {
    const whole = await readWholeLog(logOf(0, 5).read, () => undefined);
    expect(whole).toEqual({ text: 'steps: 50%', lines: 0 });
  });
});
