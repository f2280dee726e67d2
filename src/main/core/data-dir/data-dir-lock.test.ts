import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createProcessTable } from '../platform/process-identity';
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

  it('takes over a lock file cut short by a crash', () => {
    const dir = tempDir();
    writeFileSync(join(dir, lockFileName), '{"pid": 12');
    acquireDataDirLock(dir, 'headless', processes).release();
  });
});
