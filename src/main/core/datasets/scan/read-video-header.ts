/**
 * A video's size from its container header: ffprobe where it is on PATH, else minimal readers of our
 * own: MP4/MOV (the first video track's `tkhd` box) and WebM/MKV (the first track's PixelWidth and
 * PixelHeight). Frame counts need ffprobe.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, readSync } from 'node:fs';
import { openRegularFileSync } from '../../fs/read-user-file';
import { openFailure } from './open-failure';

export type VideoHeader =
  | { ok: true; width: number; height: number; frames: number | null }
  | { ok: false; unknown: true; reason: string }
  | { ok: false; unknown: false; reason: string };

let ffprobeAvailable: boolean | undefined;

export function hasFfprobe(): boolean {
  ffprobeAvailable ??= spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0;
  return ffprobeAvailable;
}

/** `useFfprobe` is the seam for tests of the machines without it. */
export function readVideoHeader(file: string, useFfprobe = hasFfprobe()): VideoHeader {
  if (useFfprobe) return probeWithFfprobe(file);
  if (/\.(mp4|mov)$/i.test(file)) return readMp4TrackHeader(file);
  if (/\.(webm|mkv)$/i.test(file)) return readMatroskaTrackHeader(file);
  return {
    ok: false,
    unknown: true,
    reason: 'its size is unknown: ffprobe (Debian package ffmpeg) is not installed',
  };
}

function probeWithFfprobe(file: string): VideoHeader {
  // ffprobe would wait on a FIFO put in the file's place (until its timeout): check the kind first.
  try {
    closeSync(openRegularFileSync(file).fd);
  } catch (error) {
    return { ok: false, unknown: false, reason: openFailure(error) };
  }
  const result = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,nb_frames',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8', timeout: 15_000 },
  );
  if (result.status !== 0)
    return {
      ok: false,
      unknown: false,
      reason: `is not a readable video (${
        result.stderr
          .trim()
          .split('\n')[0]
          ?.replace(/[.\s]+$/, '') || `ffprobe exit ${result.status ?? 'by a signal'}`
      })`,
    };
  try {
    const parsed = JSON.parse(result.stdout) as {
      streams?: { width?: number; height?: number; nb_frames?: string }[];
    };
    const stream = parsed.streams?.[0];
    if (!stream?.width || !stream.height) return { ok: false, unknown: false, reason: 'has no video stream' };
    const frames = Number(stream.nb_frames);
    return {
      ok: true,
      width: stream.width,
      height: stream.height,
      frames: Number.isFinite(frames) && frames > 0 ? frames : null,
    };
  } catch {
    return { ok: false, unknown: false, reason: 'ffprobe gave no answer that can be read' };
  }
}

const maxMoovBytes = 64 * 1024 * 1024;

/** Walks the top-level boxes to `moov`, then trak → tkhd; the first track with a size is the video. */
export function readMp4TrackHeader(file: string): VideoHeader {
  let fd: number;
  try {
    fd = openRegularFileSync(file).fd;
  } catch (error) {
    return {
      ok: false,
      unknown: false,
      reason: openFailure(error),
    };
  }
  try {
    const head = Buffer.alloc(16);
    let position = 0;
    for (let boxes = 0; boxes < 1000; boxes++) {
      const read = readSync(fd, head, 0, 16, position);
      if (read < 8) break;
      let size = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1 && read >= 16) {
        size = Number(head.readBigUInt64BE(8));
        headerSize = 16;
      }
      if (size < headerSize) break;
      if (type === 'moov') {
        const length = size - headerSize;
        if (length > maxMoovBytes) break;
        const moov = Buffer.alloc(length);
        readSync(fd, moov, 0, length, position + headerSize);
        const found = findTrackSize(moov);
        if (found) return { ok: true, width: found[0], height: found[1], frames: null };
        return { ok: false, unknown: false, reason: 'has no video track' };
      }
      position += size;
    }
    return { ok: false, unknown: false, reason: 'is not a readable MP4/MOV file (no moov box)' };
  } finally {
    closeSync(fd);
  }
}

function findTrackSize(moov: Buffer): [number, number] | null {
  for (const trak of childBoxes(moov, 'trak')) {
    for (const tkhd of childBoxes(trak, 'tkhd')) {
      const version = tkhd[0];
      const offset = version === 1 ? 88 : 76;
      if (tkhd.length < offset + 8) continue;
      const width = Math.round(tkhd.readUInt32BE(offset) / 65536);
      const height = Math.round(tkhd.readUInt32BE(offset + 4) / 65536);
      if (width > 0 && height > 0) return [width, height];
    }
  }
  return null;
}

function childBoxes(parent: Buffer, wanted: string): Buffer[] {
  const found: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= parent.length) {
    const size = parent.readUInt32BE(offset);
    const type = parent.toString('latin1', offset + 4, offset + 8);
    if (size < 8 || offset + size > parent.length) break;
    if (type === wanted) found.push(parent.subarray(offset + 8, offset + size));
    offset += size;
  }
  return found;
}

// Matroska element ids (with their length marker bits, as written in files).
const ebml = {
  header: 0x1a45dfa3,
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
};
const masters = new Set([ebml.segment, ebml.tracks, ebml.trackEntry, ebml.video]);
const matroskaHeadBytes = 1024 * 1024;

/** Reads a variable-length integer (EBML vint); `keepMarker` for ids. */
function readVint(
  buffer: Buffer,
  offset: number,
  keepMarker: boolean,
): { value: number; length: number } | null {
  const first = buffer[offset];
  if (first === undefined || first === 0) return null;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || offset + length > buffer.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buffer[offset + i] ?? 0;
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  // All ones in a size means "unknown size" (a live stream): read on as if it filled the rest.
  return { value: !keepMarker && allOnes ? Number.POSITIVE_INFINITY : value, length };
}

/** The first video track's PixelWidth and PixelHeight, from the first MiB of a WebM/MKV file. */
export function readMatroskaTrackHeader(file: string): VideoHeader {
  let head: Buffer;
  try {
    const fd = openRegularFileSync(file).fd;
    try {
      head = Buffer.alloc(matroskaHeadBytes);
      head = head.subarray(0, readSync(fd, head, 0, matroskaHeadBytes, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return {
      ok: false,
      unknown: false,
      reason: openFailure(error),
    };
  }
  if (head.length < 4 || head.readUInt32BE(0) !== ebml.header)
    return { ok: false, unknown: false, reason: 'is not a readable WebM/MKV file' };
  let width = 0;
  let height = 0;
  let offset = 0;
  while (offset < head.length) {
    const id = readVint(head, offset, true);
    const size = id ? readVint(head, offset + id.length, false) : null;
    if (!id || !size) break;
    const body = offset + id.length + size.length;
    if (id.value === ebml.cluster) break; // media data: the tracks came before it
    if (id.value === ebml.pixelWidth || id.value === ebml.pixelHeight) {
      const value = head.readUIntBE(body, Math.min(Math.max(size.value, 1), 6));
      if (id.value === ebml.pixelWidth) width = value;
      else height = value;
      if (width > 0 && height > 0) return { ok: true, width, height, frames: null };
    }
    // Step into the masters that lead to a track's video settings; skip every other element.
    offset = masters.has(id.value) ? body : body + size.value;
  }
  return head.length >= matroskaHeadBytes
    ? {
        ok: false,
        unknown: true,
        reason: 'its size is unknown: the track header is not near the start, and ffprobe is not installed',
      }
    : { ok: false, unknown: false, reason: 'has no video track' };
}
