/**
 * The display log's byte scans at SIMD speed (byte-scan.wat): where a run of plain lines stops (its
 * newlines counted on the way), where a line ends with the `\r`, ESC and `\b` before it, the segments
 * of a line of tqdm redraws, and where the k-th newline ends. JavaScript reads a byte at a time, a few
 * hundred MB/s, and Buffer's indexOf costs more to call than a short line takes to scan; these read 16
 * to 64 bytes at a time, several GB/s.
 *
 * The scans read WebAssembly memory. The log follower reads its files straight into `readBuffer()`;
 * bytes from anywhere else are copied in by `adopt`. Everything here is synchronous and shared by the
 * whole process: bytes placed in that memory are valid until the next read or adopt, by anyone.
 */
import { byteScanWasm } from './byte-scan-wasm';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface ByteScanExports {
  memory: WasmMemory;
  redraws(pointer: number, length: number, columns: number, out: number): number;
  after_nth(pointer: number, length: number, byte: number, k: number): number;
  next_special(pointer: number, length: number, out: number): number;
  line_marks(pointer: number, length: number, out: number): number;
}

// Node's types leave WebAssembly out (TypeScript declares it in the DOM library, which the core does
// not load): the little used here, declared.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const wasm = new Instance(new Module(Buffer.from(byteScanWasm, 'base64')), {}).exports as ByteScanExports;

// Layout: 64 bytes for the scans' answers, then the read buffer, then room for adopted bytes. Every range
// keeps 16 bytes after it, which the scans may read (and ignore).
const resultsAt = 0;
const readAt = 64;
const readBytes = 1024 * 1024;
const adoptAt = readAt + readBytes + 16;
const pageBytes = 64 * 1024;

// The memory's buffer, kept: asking the memory for it costs more than a scan of a short line.
let memory = wasm.memory.buffer;
let results = new Int32Array(memory, resultsAt, 9);
let readView: Buffer | null = null;
// The last buffer asked about: the same one is scanned thousands of times a read.
let lastData: Buffer | null = null;
let lastPointer = 0;

/** Makes the memory at least `bytes` long; growing it detaches every earlier view, so they are renewed. */
function reserve(bytes: number): void {
  const have = memory.byteLength;
  if (bytes <= have) return;
  wasm.memory.grow(Math.ceil((bytes - have) / pageBytes));
  memory = wasm.memory.buffer;
  results = new Int32Array(memory, resultsAt, 9);
  readView = null;
  lastData = null;
}

/** Where `data`'s bytes are in the memory (copying them to the adopt room if they are not there). */
function pointerOf(data: Buffer): number {
  if (data === lastData) return lastPointer;
  if (data.buffer !== memory) return adopt(data).byteOffset;
  lastData = data;
  lastPointer = data.byteOffset;
  return lastPointer;
}

/** The buffer the log follower reads into (1 MB, in the memory the scans read). */
export function readBuffer(): Buffer {
  reserve(adoptAt);
  readView ??= Buffer.from(memory, readAt, readBytes);
  return readView;
}

/** `data` itself if it is in the scans' memory; else a copy there (valid until the next adopt). */
export function adopt(data: Buffer): Buffer {
  if (data.buffer === memory) return data;
  reserve(adoptAt + data.length + 16);
  const copy = Buffer.from(memory, adoptAt, data.length);
  data.copy(copy);
  return copy;
}

/**
 * Where the `k`-th `byte` in bytes [start, end) of `data` ends (the position after it), or -1 if there
 * are fewer.
 */
export function afterNth(data: Buffer, start: number, end: number, byte: number, k: number): number {
  const after = wasm.after_nth(pointerOf(data) + start, end - start, byte, k);
  return after < 0 ? -1 : start + after;
}

/**
 * The first `\r`, ESC or `\b` in bytes [start, end) of `data` (end if none): where a run of plain
 * lines stops; `newlinesBeforeSpecial()` then says how many newlines come before it. One call where
 * Buffer's indexOf needs three (and costs more to call than a short scan).
 */
export function nextSpecial(data: Buffer, start: number, end: number): number {
  if (end <= start) {
    results[0] = 0;
    return end;
  }
  return start + wasm.next_special(pointerOf(data) + start, end - start, resultsAt);
}

/** How many newlines the last `nextSpecial` passed before the stop it found. */
export function newlinesBeforeSpecial(): number {
  return results[0] as number;
}

/** What `lineMarks` found before the newline: positions in the data, -1 for none. */
export interface LineMarks {
  /** The first `\r`. */
  cr: number;
  /** The first ESC or `\b`. */
  special: number;
}

const marks: LineMarks = { cr: -1, special: -1 };

/**
 * The first newline in bytes [start, end) of `data` (-1: none), with the first `\r` and the first ESC
 * or `\b` before it in `lineMarksFound` (overwritten by the next call).
 */
export function lineMarks(data: Buffer, start: number, end: number): number {
  marks.cr = marks.special = -1;
  if (end <= start) return -1;
  const newline = wasm.line_marks(pointerOf(data) + start, end - start, resultsAt);
  const cr = results[0] as number;
  const special = results[1] as number;
  if (cr >= 0) marks.cr = start + cr;
  if (special >= 0) marks.special = start + special;
  return newline < 0 ? -1 : start + newline;
}

/** The marks of the last `lineMarks` call. */
export const lineMarksFound: Readonly<LineMarks> = marks;

/** What `measureRedraws` found, in columns as the emulation counts them (UTF-16 units). */
export interface RedrawMeasure {
  /** The last segment that covered the line before the last: bytes [coverStart, coverEnd). */
  coverStart: number;
  coverEnd: number;
  /** The last segment, from here to the line's end. */
  lastStart: number;
  /** A byte ≥ 0x80 somewhere in the line (its UTF-8 must then be checked). */
  high: boolean;
  lastColumns: number;
  /** The last segment's first `]` (-1: none), and its columns up to and including it. */
  lastBracket: number;
  columnsToBracket: number;
  /** The last segment shows printable ASCII other than space. */
  lastHasText: boolean;
  /** The columns the line had before the last segment was written. */
  columnsBefore: number;
}

const measured: RedrawMeasure = {
  coverStart: 0,
  coverEnd: 0,
  lastStart: 0,
  high: false,
  lastColumns: 0,
  lastBracket: -1,
  columnsToBracket: 0,
  lastHasText: false,
  columnsBefore: 0,
};

/**
 * Measures a line of redraws, bytes [from, newline) of `data` (no ESC or `\b` in it), written over a
 * line of `columns` columns: null where a segment holds a control the emulation drops, or a segment
 * before the last does not cover the line so far, or holds a `]` before its end (after the first).
 * Positions are in `data`. The answer is one object, overwritten by the next call.
 */
export function measureRedraws(
  data: Buffer,
  from: number,
  newline: number,
  columns: number,
): RedrawMeasure | null {
  const pointer = pointerOf(data) + from;
  if (wasm.redraws(pointer, newline - from, columns, resultsAt) === 0) return null;
  const r = results;
  measured.coverStart = from + (r[0] as number);
  measured.coverEnd = from + (r[1] as number);
  measured.lastStart = from + (r[2] as number);
  measured.high = r[3] !== 0;
  measured.lastColumns = r[4] as number;
  measured.lastBracket = (r[5] as number) < 0 ? -1 : from + (r[5] as number);
  measured.columnsToBracket = r[6] as number;
  measured.lastHasText = r[7] !== 0;
  measured.columnsBefore = r[8] as number;
  return measured;
}
