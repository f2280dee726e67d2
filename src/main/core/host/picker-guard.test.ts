import { describe, expect, it } from 'vitest';
import { refusedFolderError, refusedTreeOf } from './picker-guard';

describe('where the folder picker may go', () => {
  it('refuses the virtual trees of the system, but not the RAM disk in /dev', () => {
    for (const path of ['/proc', '/proc/1/root', '/sys/class', '/dev', '/dev/sda'])
      expect(refusedTreeOf(path), path).not.toBeNull();
    for (const path of [
      '/',
      '/home',
      '/root',
      '/etc',
      '/usr/bin',
      '/dev/shm',
      '/dev/shm/data',
      '/devices',
      '/process',
    ])
      expect(refusedTreeOf(path), path).toBeNull();
  });

  it('says what was asked, where it leads and where to go instead', () => {
    const error = refusedFolderError('/home/me/link', '/proc/self', '/proc', 'path');
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe(
      '/home/me/link (it leads to /proc/self) is not listed: /proc is a virtual folder of the system and holds no files of yours. Choose a folder in your home or on a data disk instead.',
    );
  });
});
