import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { HandlerError } from '../contract/dispatcher';
import { createLogFollower } from './log-follower';
import { createLogsHandlers } from './logs-handlers';

const tempDir = useTempDirs();

function jobWithLog(
  stdout: string,
  stderr = '',
): { handlers: ReturnType<typeof createLogsHandlers>; runDir: string } {
  const dataDir = tempDir();
  const runDir = join(dataDir, 'j1');
  mkdirSync(runDir);
  writeFileSync(join(runDir, 'stdout.log'), stdout);
  writeFileSync(join(runDir, 'stderr.log'), stderr);
  const follower = createLogFollower({ runDir, jobId: 'j1', now: () => 5 });
  follower.poll();
  follower.close();
  return { handlers: createLogsHandlers((id) => join(dataDir, id)), runDir };
}

describe('logs.read and logs.search', () => {
  it('pages a log and shows the bar still being drawn as partial', () => {
    const { handlers } = jobWithLog('a\nb\nc\n', 'loading\n\rsteps:  10%|#');
    expect(handlers['logs.read']({ jobId: 'j1', fromLine: 1, count: 2 })).toEqual({
      jobId: 'j1',
      fromLine: 1,
      lines: [
        { stream: 'stdout', time: 5, text: 'b' },
        { stream: 'stdout', time: 5, text: 'c' },
      ],
      partial: [{ stream: 'stderr', text: 'steps:  10%|#' }],
      totalLines: 4,
    });
  });

  it('reads the last lines in one call, and refuses a request that mixes a page with the last lines', () => {
    const { handlers } = jobWithLog('a\nb\nc\nd\n');
    expect(handlers['logs.read']({ jobId: 'j1', last: 2 })).toMatchObject({
      fromLine: 2,
      lines: [{ text: 'c' }, { text: 'd' }],
      totalLines: 4,
    });
    expect(handlers['logs.read']({ jobId: 'j1', last: 10 })).toMatchObject({ fromLine: 0, totalLines: 4 });
    expect(handlers['logs.read']({ jobId: 'j1', last: 10 }).lines).toHaveLength(4);
    for (const mixed of [
      { jobId: 'j1', last: 2, fromLine: 0 },
      { jobId: 'j1', last: 2, count: 5 },
      { jobId: 'j1' },
    ]) {
      expect(() => handlers['logs.read'](mixed)).toThrow(HandlerError);
    }
  });

  it.each([
    ['an earlier DPGui wrote', 1],
    ['a later DPGui wrote (the user went back to this version)', 9],
  ])('reads a finished job whose display log %s, rebuilt from its raw streams', (_who, format) => {
    const dataDir = tempDir();
    const runDir = join(dataDir, 'old');
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'stdout.log'), 'first\nsecond\n');
    writeFileSync(join(runDir, 'display.log'), '1\to\tfirst\n1\to\tsecond\n');
    writeFileSync(
      join(runDir, 'follow.json'),
      JSON.stringify({ format, offsets: { stdout: 13, stderr: 0 }, assembler: null, lines: 2, bytes: 26 }),
    );
    const handlers = createLogsHandlers((id) => join(dataDir, id));
    const read = handlers['logs.read']({ jobId: 'old', fromLine: 0 });
    expect(read.lines.map((line) => line.text)).toEqual(['first', 'second']);
    expect(read.totalLines).toBe(2);
  });

  it('answers an empty log for a job that has not started', () => {
    const handlers = createLogsHandlers((id) => join(tempDir(), id));
    expect(handlers['logs.read']({ jobId: 'later', fromLine: 0 })).toMatchObject({
      lines: [],
      totalLines: 0,
      partial: [],
    });
  });

  it('finds text case-insensitively by default, by pattern when asked, and refuses a broken pattern', async () => {
    const { handlers } = jobWithLog('Epoch 1/2\nloss nan\nepoch 2/2\n');
    const plain = await handlers['logs.search']({ jobId: 'j1', query: 'EPOCH' });
    expect(plain.matches.map((m) => m.line)).toEqual([0, 2]);
    const exact = await handlers['logs.search']({ jobId: 'j1', query: 'epoch', caseSensitive: true });
    expect(exact.matches.map((m) => m.text)).toEqual(['epoch 2/2']);
    const pattern = await handlers['logs.search']({ jobId: 'j1', query: '^loss (nan|inf)$', regex: true });
    expect(pattern.matches).toEqual([{ line: 1, stream: 'stdout', time: 5, text: 'loss nan' }]);
    await expect(handlers['logs.search']({ jobId: 'j1', query: '(', regex: true })).rejects.toBeInstanceOf(
      HandlerError,
    );
  });
});
