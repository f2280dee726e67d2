import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemFolderReason } from './system-folders';

const home = '/home/me';
/** A folder name as users make them (no "/", not "." or ".."). */
const name = fc
  .stringMatching(/^[A-Za-z0-9 _.-]{1,12}$/)
  .filter((n) => n !== '.' && n !== '..' && !n.includes('/'));
const below = (root: string) =>
  fc.array(name, { minLength: 1, maxLength: 4 }).map((parts) => `${root}/${parts.join('/')}`);

describe('system folders', () => {
  it.each([
    ['/', /root of the file system/],
    ['/proc', /\/proc is a virtual folder/],
    ['/proc/self', /\/proc is a virtual folder/],
    ['/sys/class', /\/sys is a virtual folder/],
    ['/dev', /\/dev is a virtual folder/],
    ['/dev/shm', /holds other folders/],
    ['/usr', /system's own software/],
    ['/usr/share/backgrounds', /\/usr holds the system's own software/],
    ['/etc', /system's own/],
    ['/boot', /system's own/],
    ['/lib64', /system's own/],
    ['/home', /holds other folders/],
    ['/root', /holds other folders/],
    ['/var', /holds other folders/],
    ['/run', /holds other folders/],
    ['/tmp', /holds other folders/],
    ['/mnt', /holds other folders/],
    ['/media', /holds other folders/],
    ['/home/me', /your home folder/],
    ['/home/me/', /your home folder/],
  ])('refuses %s', (path, reason) => {
    expect(systemFolderReason(path, home)).toMatch(reason);
  });

  it.each([
    '/home/me/data',
    '/home/me/datasets/cats',
    '/home/other',
    '/root/datasets',
    '/mnt/data',
    '/media/me/USB/photos',
    '/run/media/me/disk/set',
    '/dev/shm/dataset',
    '/tmp/dpgui-test-1',
    '/var/data/set',
    '/srv/training/images',
    '/workspace/data',
    '/data',
  ])('accepts %s', (path) => {
    expect(systemFolderReason(path, home)).toBeNull();
  });

  it('refuses everything inside the virtual and system trees', () => {
    const trees = fc.constantFrom('/proc', '/sys', '/usr', '/etc', '/boot', '/bin', '/sbin', '/lib');
    fc.assert(
      fc.property(trees.chain(below), (path) => {
        expect(systemFolderReason(path, home)).not.toBeNull();
      }),
    );
  });

  it('accepts every folder inside a home, the data mounts and /dev/shm', () => {
    const roots = fc.constantFrom('/home/me', '/home/other', '/mnt', '/media', '/srv', '/opt', '/dev/shm');
    fc.assert(
      fc.property(roots.chain(below), (path) => {
        expect(systemFolderReason(path, home)).toBeNull();
      }),
    );
  });
});
