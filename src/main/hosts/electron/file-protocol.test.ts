import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: {} }));
const { fileRequestOfUrl } = await import('./file-protocol');

describe("the desktop app's file URLs", () => {
  it('name a dataset file or a job output file for the guard, and nothing else', () => {
    expect(fileRequestOfUrl('dpgui-file://files/thumbnail?dataset=d1&path=5_cat%2Fa.png&size=128')).toEqual({
      ok: true,
      request: { source: 'dataset', datasetId: 'd1', path: '5_cat/a.png' },
      thumbnailSize: 128,
    });
    expect(fileRequestOfUrl('dpgui-file://files/original?dataset=d1&path=a.png')).toMatchObject({
      ok: true,
      thumbnailSize: null,
    });
    expect(fileRequestOfUrl('dpgui-file://files/job-output?path=%2Fjobs%2Fout%2Fs.png')).toMatchObject({
      ok: true,
      request: { source: 'job-output', path: '/jobs/out/s.png' },
    });
    for (const url of [
      'dpgui-file://files/original?path=/etc/passwd',
      'dpgui-file://other/original?dataset=d1&path=a.png',
      'file:///etc/passwd',
      'dpgui-file://files/../../etc/passwd',
      'dpgui-file://files/thumbnail?dataset=d1',
    ]) {
      expect(fileRequestOfUrl(url).ok, url).toBe(false);
    }
  });
});
