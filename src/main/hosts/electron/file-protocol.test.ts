import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: {} }));
const { fileRequestOfUrl, responseOfFileAnswer } = await import('./file-protocol');

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

describe("the desktop app's file answers", () => {
  it('carry the core’s refusal, its Retry-After, and exactly the declared bytes', async () => {
    const busy = responseOfFileAnswer({ ok: false, status: 503, reason: 'busy', retryAfterSeconds: 3 });
    expect([busy.status, busy.headers.get('retry-after'), await busy.text()]).toEqual([503, '3', 'busy']);
    const body = responseOfFileAnswer({
      ok: true,
      contentType: 'text/plain',
      length: 2,
      body: Buffer.from('hi'),
    });
    expect([body.headers.get('content-length'), await body.text()]).toEqual(['2', 'hi']);
    const streamed = responseOfFileAnswer({
      ok: true,
      contentType: 'image/png',
      length: 3,
      stream: Readable.from([Buffer.from('abc')]),
    });
    expect(streamed.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await streamed.arrayBuffer()).toString()).toBe('abc');
    const short = responseOfFileAnswer({
      ok: true,
      contentType: 'image/png',
      length: 10,
      stream: new Readable({
        read() {
          this.destroy(new Error('The file shrank while it was sent'));
        },
      }),
    });
    await expect(short.arrayBuffer()).rejects.toThrow();
  });
});
