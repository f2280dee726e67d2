import { describe, expect, it } from 'vitest';
import { guardFileRequest, type FileWorld } from './file-access-guard';

// A file system as plain values: what each path resolves to.
const links: Record<string, string> = {
  '/data/set/a.png': '/data/set/a.png',
  '/data/set/link.png': '/etc/passwd', // swapped for a link since the scan
  '/jobs/1/out': '/jobs/1/out',
  '/jobs/1/out/s.png': '/jobs/1/out/s.png',
  '/jobs/1/out/escape.png': '/home/user/.ssh/id_rsa',
  '/jobs/1/out/../../../etc/passwd': '/etc/passwd',
  '/jobs/1/outside.png': '/jobs/1/outside.png',
  '/jobs/1/out2/x.png': '/jobs/1/out2/x.png',
};
const world: FileWorld = {
  datasetFile: (id, path) =>
    id === 'd1' && path === 'a.png'
      ? { absolutePath: '/data/set/a.png', realPath: '/data/set/a.png', kind: 'image' }
      : id === 'd1' && path === 'link.png'
        ? { absolutePath: '/data/set/link.png', realPath: '/data/set/link.png', kind: 'image' }
        : undefined,
  jobOutputFolders: () => ['/jobs/1/out'],
  realPath: (path) => links[path] ?? null,
};

describe('the file guard', () => {
  it('serves a file the scan enumerated, by its real path', () => {
    expect(guardFileRequest({ source: 'dataset', datasetId: 'd1', path: 'a.png' }, world)).toEqual({
      ok: true,
      file: '/data/set/a.png',
      kind: 'image',
    });
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    'a.png/../../../etc/passwd',
    '%2e%2e/%2e%2e/etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    './a.png',
    'A.PNG',
    'a.png\0.txt',
  ])('refuses %s as a dataset path: only enumerated names match', (path) => {
    expect(guardFileRequest({ source: 'dataset', datasetId: 'd1', path }, world).ok).toBe(false);
  });

  it('refuses an enumerated file that now resolves elsewhere (a link swapped in since the scan)', () => {
    expect(guardFileRequest({ source: 'dataset', datasetId: 'd1', path: 'link.png' }, world)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses files of a dataset that is not registered', () => {
    expect(guardFileRequest({ source: 'dataset', datasetId: 'other', path: 'a.png' }, world).ok).toBe(false);
  });

  it('serves a file inside a job output folder and nothing outside it', () => {
    expect(guardFileRequest({ source: 'job-output', path: '/jobs/1/out/s.png' }, world)).toEqual({
      ok: true,
      file: '/jobs/1/out/s.png',
      kind: null,
    });
    for (const path of [
      '/jobs/1/out/escape.png', // a link pointing out
      '/jobs/1/out/../../../etc/passwd',
      '/jobs/1/outside.png',
      '/jobs/1/out2/x.png', // a sibling whose name starts the same
      '/jobs/1/out', // the folder itself
      'out/s.png', // relative
      '/nonexistent',
    ]) {
      expect(guardFileRequest({ source: 'job-output', path }, world).ok, path).toBe(false);
    }
  });
});
