// The data-folder lock on a full disk: no file content can be written, so the lock is a short symbolic
// link naming its holder. A second process is still refused with the holder's pid, a dead holder's link
// is taken over, and the link is short enough to live in the inode (no data block needed).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createProcessTable } from '../platform/process-identity';
import {
  acquireDataDirLock,
  DataDirBusyError,
  linkTarget,
  lockFileName,
  parseLinkLock,
  readLock,
  type LockSeams,
} from './data-dir-lock';

const tempDir = useTempDirs();
const processes = createProcessTable();

const fullDisk: LockSeams = {
  writeFile: () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  },
};

describe('the data-folder lock on a full disk', () => {
  it('is a short link naming the holder, refuses a second process with its pid, and is released', () => {
    const dir = tempDir();
    const file = join(dir, lockFileName);
    const lock = acquireDataDirLock(dir, 'headless', processes, undefined, fullDisk);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    // Fast links: ext4 keeps a target under 60 bytes in the inode.
    expect(readlinkSync(file).length).toBeLessThan(60);
    expect(readLock(file, processes.self().bootId)).toMatchObject({ pid: process.pid, host: 'headless' });
    let thrown: unknown;
    try {
      acquireDataDirLock(dir, 'electron', processes, undefined, fullDisk);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirBusyError);
    expect((thrown as DataDirBusyError).message).toContain(`pid ${process.pid}`);
    // A host with space to write is refused by the link just the same.
    expect(() => acquireDataDirLock(dir, 'electron', processes)).toThrow(DataDirBusyError);
    lock.release();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the link of a holder that died, and one from another boot', () => {
    const dir = tempDir();
    const file = join(dir, lockFileName);
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
    );
    const self = processes.self();
    for (const holder of [
      { pid: dead, startTime: '1', bootId: self.bootId },
      // This very process, but recorded in another boot: not alive.
      { ...self, bootId: '00000000-0000-0000-0000-000000000000' },
    ]) {
      symlinkSync(linkTarget({ ...holder, host: 'electron', since: 'then' }), file);
      const lock = acquireDataDirLock(dir, 'headless', processes);
      expect(lstatSync(file).isSymbolicLink()).toBe(false);
      lock.release();
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('reads back every field it wrote (the boot id in full when it is this boot)', () => {
    const bootId = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';
    for (const record of [
      { pid: 1, startTime: '123456789', bootId, host: 'electron' as const, since: 's' },
      { pid: 4_194_304, startTime: null, bootId: null, host: 'headless' as const, since: 's' },
    ]) {
      const target = linkTarget(record);
      expect(target.length).toBeLessThan(60);
      expect(parseLinkLock(target, bootId, 's')).toEqual(record);
    }
    expect(parseLinkLock('elsewhere', bootId, 's')).toBeNull();
  });
});
