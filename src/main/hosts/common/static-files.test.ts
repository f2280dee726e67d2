import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from './static-files';

describe('serving the built renderer', () => {
  it('maps paths into the folder with their content type', () => {
    expect(resolveStaticFile('/app/r', '/')).toEqual({
      ok: true,
      file: '/app/r/index.html',
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveStaticFile('/app/r', '/assets/a.js?v=1')).toMatchObject({
      ok: true,
      file: '/app/r/assets/a.js',
    });
  });

  it('never leaves the folder', () => {
    for (const path of ['/../secret', '/%2e%2e/secret', '/assets/../../etc/passwd', '/..%5csecret'])
      expect(resolveStaticFile('/app/r', path), path).toEqual({ ok: false, status: 404 });
    // A path no file can have is a bad request, not a missing file.
    for (const path of ['/a%00.js', '/%00', '/%E0%A4%A'])
      expect(resolveStaticFile('/app/r', path), path).toEqual({ ok: false, status: 400 });
  });
});
