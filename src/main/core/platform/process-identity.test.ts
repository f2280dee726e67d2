import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createProcessTable, parseProcStat, sameProcess } from './process-identity';

describe('process identity', () => {
  it('reads state and start time even when the command name holds spaces and parentheses', () => {
    const line =
      '4242 (evil) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 0';
    expect(parseProcStat(line)).toEqual({ state: 'S', startTime: '987654' });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('treats a pid with another start time or boot as another process', () => {
    const recorded = { pid: 10, startTime: '500', bootId: 'a' };
    expect(sameProcess(recorded, { pid: 10, startTime: '500', bootId: 'a' })).toBe(true);
    expect(sameProcess(recorded, { pid: 10, startTime: '501', bootId: 'a' })).toBe(false);
    expect(sameProcess(recorded, { pid: 10, startTime: '500', bootId: 'b' })).toBe(false);
    expect(sameProcess(recorded, null)).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'knows a running process and forgets it once it has exited',
    async () => {
      const table = createProcessTable();
      const self = table.self();
      expect(self.startTime).toMatch(/^\d+$/);
      expect(table.isAlive(self)).toBe(true);

      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
      const pid = child.pid ?? 0;
      const identity = table.identify(pid);
      expect(identity).not.toBeNull();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expect(table.identify(pid)).toBeNull();
      expect(identity && table.isAlive(identity)).toBe(false);
    },
  );

  it.runIf(process.platform === 'linux')('does not count a zombie as alive', async () => {
    // A parent that never reaps its child leaves the child a zombie: present in /proc, but dead.
    const script =
      'import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(10)';
    const parent = spawn('python3', ['-c', script]);
    const zombiePid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d) => resolve(Number(String(d)))),
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(createProcessTable().identify(zombiePid)).toBeNull();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
