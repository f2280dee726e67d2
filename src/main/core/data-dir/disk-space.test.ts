// Whether a start failed because the disk is full, and whether the probe calls the disk full.
import { describe, expect, it } from 'vitest';
import { fullDiskBelowBytes, isDiskFull, isFullDiskError, statfsFreeSpace } from './disk-space';

const errno = (code: string): Error => Object.assign(new Error(`${code}: some call`), { code });
const sqlite = (code: string): Error =>
  Object.assign(new Error('from SQLite'), { name: 'SqliteError', code });

describe('the full-disk checks', () => {
  it.each([
    ['ENOSPC', errno('ENOSPC'), true],
    ['EDQUOT (a quota is full)', errno('EDQUOT'), true],
    ['SQLITE_FULL', sqlite('SQLITE_FULL'), true],
    [
      'a full disk as the cause of a sentence',
      new Error('cannot be used', { cause: sqlite('SQLITE_FULL') }),
      true,
    ],
    ['EACCES', errno('EACCES'), false],
    ['SQLITE_CORRUPT', sqlite('SQLITE_CORRUPT'), false],
    ['a plain error', new Error('the disk is full, says the text only'), false],
    ['not an error', 'ENOSPC', false],
  ])('%s → %s', (_what, error, full) => {
    expect(isFullDiskError(error)).toBe(full);
  });

  it('calls a disk full below 1 MiB, and an unknown one not full', () => {
    expect(isDiskFull(() => fullDiskBelowBytes - 1, '/')).toBe(true);
    expect(isDiskFull(() => fullDiskBelowBytes, '/')).toBe(false);
    expect(isDiskFull(() => null, '/')).toBe(false);
    expect(statfsFreeSpace('/no/such/folder')).toBeNull();
    expect(statfsFreeSpace('.')).toBeGreaterThan(0);
  });
});
