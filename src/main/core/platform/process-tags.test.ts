import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { commandLineOf, createProcessTags, jobTagIn } from './process-tags';

describe("a process's tags", () => {
  it('reads the job id of DPGUI_JOB_ID only as a variable of its own, first, last or alone', () => {
    const env = (...vars: string[]) => Buffer.from(vars.join('\0'));
    expect(jobTagIn(env('A=1', 'DPGUI_JOB_ID=j1', 'B=2', ''))).toBe('j1');
    expect(jobTagIn(env('DPGUI_JOB_ID=j2'))).toBe('j2');
    expect(jobTagIn(env('A=1', 'DPGUI_JOB_ID=j3'))).toBe('j3');
    expect(jobTagIn(env('XDPGUI_JOB_ID=j4', 'A=DPGUI_JOB_ID=j5'))).toBeNull();
    expect(jobTagIn(env('A=1', 'DPGUI_JOB_ID=', ''))).toBeNull();
    expect(jobTagIn(Buffer.alloc(0))).toBeNull();
  });

  it('joins a command line’s arguments with spaces', () => {
    expect(commandLineOf(Buffer.from('python\0-m\0accelerate.commands.launch\0train.py\0'))).toBe(
      'python -m accelerate.commands.launch train.py',
    );
    expect(commandLineOf(Buffer.alloc(0))).toBeNull();
  });

  it.runIf(process.platform === 'linux')(
    'knows a live process’s job and command, and nothing of one that is gone',
    async () => {
      const tags = createProcessTags();
      const tagged = spawn('sleep', ['30'], { env: { ...process.env, DPGUI_JOB_ID: 'job-7' } });
      const stranger = spawn('sleep', ['31'], { env: { PATH: process.env.PATH ?? '' } });
      try {
        const pid = tagged.pid ?? 0;
        expect(tags.jobOf(pid)).toBe('job-7');
        expect(tags.commandOf(pid)).toBe('sleep 30');
        expect(tags.jobOf(stranger.pid ?? 0)).toBeNull();
        expect(tags.commandOf(stranger.pid ?? 0)).toBe('sleep 31');
      } finally {
        const ended = once(tagged, 'exit');
        tagged.kill('SIGKILL');
        stranger.kill('SIGKILL');
        await ended;
      }
      expect(tags.jobOf(tagged.pid ?? 0)).toBeNull();
      expect(tags.commandOf(tagged.pid ?? 0)).toBeNull();
    },
  );
});
