import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainText, sniffMedia } from './media-signature';
import { checkMedia, checkText, servePlanOf } from './serve-policy';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const pad = (head: Uint8Array): Uint8Array => Buffer.concat([head, Buffer.alloc(64)]);

describe('what a file is by its first bytes', () => {
  it.each([
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n'), 'image', 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image', 'image/jpeg'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image', 'image/webp'],
    ['GIF', bytes('GIF89a'), 'image', 'image/gif'],
    ['BMP', bytes('BM', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [40, 0, 0, 0]), 'image', 'image/bmp'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom'), 'video', 'video/mp4'],
    ['MOV', bytes([0, 0, 0, 0x14], 'ftypqt  '), 'video', 'video/quicktime'],
    ['old MOV', bytes([0, 0, 0, 8], 'wide'), 'video', 'video/quicktime'],
    [
      'WebM',
      bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], 'B\x82\x84webm'),
      'video',
      'video/webm',
    ],
    [
      'MKV',
      bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86], 'B\x82\x88matroska'),
      'video',
      'video/x-matroska',
    ],
  ])('%s', (_name, head, kind, contentType) => {
    expect(sniffMedia(pad(head))).toEqual({ kind, contentType });
  });

  it.each([
    ['a private key', bytes('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl')],
    ['a caption', bytes('a cat, sitting')],
    ['"BM" text', bytes('BM is a word that starts this line of text')],
    ['JSON', bytes('{"__metadata__":{}}')],
    ['nothing', bytes()],
    ['zeros', Buffer.alloc(64)],
  ])('%s is no media', (_name, head) => {
    expect(sniffMedia(head)).toBeNull();
  });

  it('never takes printable text for media', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 64 }), (text) => {
        fc.pre(
          !/^(GIF8[79]a|RIFF.{4}WEBP)/s.test(text) &&
            !/^.{4}(ftyp|moov|mdat|wide|free|skip|pnot)/s.test(text),
        );
        expect(sniffMedia(Buffer.from(text, 'latin1'))).toBeNull();
      }),
    );
  });
});

describe('what the route sends', () => {
  it('sends dataset media only when the bytes are media of the kind the scan found', () => {
    const png = pad(bytes([0x89], 'PNG\r\n\x1a\n'));
    const mp4 = pad(bytes([0, 0, 0, 0x20], 'ftypisom'));
    expect(checkMedia(png, 'image')).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkMedia(mp4, 'image')).toEqual({
      ok: false,
      reason: 'The file’s content is a video, but the scan found an image.',
    });
    expect(checkMedia(bytes('-----BEGIN RSA PRIVATE KEY-----'), 'image').ok).toBe(false);
    const empty = checkMedia(bytes(), 'image');
    expect(empty.ok || empty.reason).toContain('empty');
    // A JPEG named .png is still an image; it is labelled by its bytes.
    expect(checkMedia(pad(bytes([0xff, 0xd8, 0xff])), 'image')).toEqual({
      ok: true,
      contentType: 'image/jpeg',
    });
  });

  it.each([
    ['sample.png', { as: 'media', expected: null }],
    ['clip.mp4', { as: 'media', expected: null }],
    ['prompt.txt', { as: 'text', contentType: 'text/plain; charset=utf-8' }],
    ['adapter_config.json', { as: 'text', contentType: 'application/json; charset=utf-8' }],
    ['lora.safetensors', { as: 'refused' }],
    ['model.ckpt', { as: 'refused' }],
  ] as const)('job output %s', (name, plan) => {
    expect(servePlanOf({ source: 'job-output', name })).toMatchObject(plan);
  });

  it('sends text only when it is UTF-8 without NUL', () => {
    expect(checkText(Buffer.from('a cat, sitting — café\n'))).toEqual({ ok: true });
    expect(checkText(Buffer.from('a\0b')).ok).toBe(false);
    expect(checkText(Buffer.from([0x63, 0x61, 0x66, 0xe9])).ok).toBe(false);
    expect(isPlainText(Buffer.from('caf\xc3', 'latin1'), false)).toBe(true); // cut mid-character
  });
});
