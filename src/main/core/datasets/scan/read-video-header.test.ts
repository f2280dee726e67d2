import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import {
  hasFfprobe,
  readMatroskaTrackHeader,
  readMp4TrackHeader,
  readVideoHeader,
} from './read-video-header';

const tempDir = useTempDirs();

// Container headers assembled byte by byte, as the specifications lay them out (ISO BMFF, Matroska).
function box(type: string, ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function tkhd(width: number, height: number): Buffer {
  const body = Buffer.alloc(84); // version 0: 4 + 20 + 8 + 8 + 36 + 8
  body.writeUInt32BE(width * 65536, 76);
  body.writeUInt32BE(height * 65536, 80);
  return box('tkhd', body);
}

function element(id: number[], ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  // An 8-byte size (0x01 marker) keeps the builder simple; readers must take any length.
  const size = Buffer.alloc(8);
  size.writeUIntBE(body.length, 2, 6);
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, body]);
}

const uint = (id: number, value: number): Buffer => Buffer.from([id, 0x82, value >> 8, value & 0xff]);

describe('video sizes from container headers', () => {
  it('reads the video track of an MP4, after an audio track and a leading mdat', () => {
    const file = join(tempDir(), 'clip.mp4');
    writeFileSync(
      file,
      Buffer.concat([
        box('ftyp', Buffer.from('isom\0\0\0\0isom', 'latin1')),
        box('mdat', Buffer.alloc(5000)),
        box('moov', box('mvhd', Buffer.alloc(100)), box('trak', tkhd(0, 0)), box('trak', tkhd(1280, 720))),
      ]),
    );
    expect(readMp4TrackHeader(file)).toEqual({ ok: true, width: 1280, height: 720, frames: null });
  });

  it('reads PixelWidth and PixelHeight of a WebM track, skipping an audio track', () => {
    const file = join(tempDir(), 'clip.webm');
    writeFileSync(
      file,
      Buffer.concat([
        element([0x1a, 0x45, 0xdf, 0xa3], Buffer.from([0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d])),
        element(
          [0x18, 0x53, 0x80, 0x67],
          element([0x15, 0x49, 0xa9, 0x66], Buffer.alloc(20)), // Info
          element(
            [0x16, 0x54, 0xae, 0x6b],
            element([0xae], uint(0xd7, 1), element([0xe1], uint(0xb5, 48000))), // audio
            element([0xae], uint(0xd7, 2), element([0xe0], uint(0xb0, 854), uint(0xba, 480))),
          ),
        ),
      ]),
    );
    expect(readMatroskaTrackHeader(file)).toEqual({ ok: true, width: 854, height: 480, frames: null });
  });

  it('calls a file without the container structure corrupt, not unknown', () => {
    const file = join(tempDir(), 'fake.webm');
    writeFileSync(file, 'not a video at all');
    expect(readMatroskaTrackHeader(file)).toMatchObject({ ok: false, unknown: false });
    const mp4 = join(tempDir(), 'fake.mp4');
    writeFileSync(mp4, 'not a video at all');
    expect(readMp4TrackHeader(mp4)).toMatchObject({ ok: false, unknown: false });
  });
});

describe('a real WebM (made by ffmpeg: 96×64 VP8, half a second)', () => {
  const webm = join(process.cwd(), 'tests', 'fixtures', 'video', 'tiny-96x64.webm');

  it('has its size read from the header when ffprobe is not on PATH', async () => {
    vi.stubEnv('PATH', tempDir());
    vi.resetModules();
    try {
      const reader = await import('./read-video-header');
      expect(reader.hasFfprobe()).toBe(false);
      expect(reader.readVideoHeader(webm)).toEqual({ ok: true, width: 96, height: 64, frames: null });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('and through the seam, an MKV too', () => {
    expect(readVideoHeader(webm, false)).toEqual({ ok: true, width: 96, height: 64, frames: null });
    const mkv = join(tempDir(), 'clip.MKV');
    copyFileSync(webm, mkv);
    expect(readVideoHeader(mkv, false)).toEqual({ ok: true, width: 96, height: 64, frames: null });
  });

  it.runIf(hasFfprobe())('and the same size from ffprobe where it is installed', () => {
    expect(readVideoHeader(webm, true)).toMatchObject({ ok: true, width: 96, height: 64 });
  });
});
