import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createProcessTable, type ProcessTable } from '../platform/process-identity';
import { acquireDataDirLock, DataDirBusyError, lockFileName } from './data-dir-lock';

const tempDir = useTempDirs();
const processes = createProcessTable();

function deadPid(): number {
  // A process that has already exited: its pid is free (and almost surely not reused this instant).
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('the data-folder lock', () => {
  it('names the live holder when a second process asks', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'headless', processes);
    const holder = JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    expect(() => acquireDataDirLock(dir, 'electron', processes)).toThrow(DataDirBusyError);
    lock.release();
    expect(existsSync(join(dir, lockFileName))).toBe(false);
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(
      join(dir, lockFileName),
      JSON.stringify({ pid, startTime: '1', bootId: null, host: 'electron' }),
    );
    const lock = acquireDataDirLock(dir, 'headless', processes);
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('does not mistake a reused pid for the holder (start time differs)', () => {
    const dir = tempDir();
    const self = processes.self();
    writeFileSync(
      join(dir, lockFileName),
      JSON.stringify({ pid: process.pid, startTime: '1', bootId: self.bootId, host: 'electron' }),
    );
    const lock = acquireDataDirLock(dir, 'headless', processes);
    lock.release();
  });

  it('takes over a lock file cut short by a crash (once it is older than a write takes)', () => {
    const dir = tempDir();
    const file = join(dir, lockFileName);
    writeFileSync(file, '{"pid": 12');
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    acquireDataDirLock(dir, 'headless', processes).release();
  });

  it('never removes a lock another process wrote after the stale one was judged (finding 7)', () => {
    const dir = tempDir();
    const file = join(dir, lockFileName);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), startTime: '1', bootId: null, host: 'electron' }));
    // The parent process stands for another DPGui that starts while we look at the stale lock.
    const other = processes.identify(process.ppid);
    if (!other) throw new Error('the parent process has no identity');
    const fresh = `${JSON.stringify({ ...other, host: 'headless', since: 'now' })}\n`;
    let replaced = false;
    const racing: ProcessTable = {
      ...processes,
      isAlive(recorded) {
        const alive = processes.isAlive(recorded);
        if (!alive && !replaced) {
          // Between our reading the stale lock and our taking it over, the other one takes it.
          replaced = true;
          rmSync(file);
          writeFileSync(file, fresh);
        }
        return alive;
      },
    };
    expect(() => acquireDataDirLock(dir, 'headless', racing)).toThrow(DataDirBusyError);
    expect(readFileSync(file, 'utf8')).toBe(fresh);
    expect(readdirSync(dir)).toEqual([lockFileName]);
  });

  it('waits for an empty lock that is being written instead of calling it crashed (finding 7)', async () => {
    const dir = tempDir();
    const file = join(dir, lockFileName);
    // Another process creates the lock empty, and writes its record a moment later.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         fs.writeFileSync(${JSON.stringify(file)}, '');
         process.stdin.once('data', (record) => {
           process.stdout.write('ready');
           setTimeout(() => fs.writeFileSync(${JSON.stringify(file)}, record), 400);
         });
         setTimeout(() => {}, 20000);`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const identity = processes.identify(writer.pid ?? -1);
      expect(identity).not.toBeNull();
      const ready = new Promise((resolve) => writer.stdout.once('data', resolve));
      writer.stdin.write(JSON.stringify({ ...identity, host: 'electron', since: 'now' }));
      await ready;
      expect(readFileSync(file, 'utf8')).toBe('');
      let thrown: unknown;
      try {
        acquireDataDirLock(dir, 'headless', processes).release();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DataDirBusyError);
      expect((thrown as DataDirBusyError).holder.pid).toBe(writer.pid);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('writes the lock whole: a reader never sees it empty', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'headless', processes);
    expect(readdirSync(dir)).toEqual([lockFileName]);
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });
});
