/**
 * Pure readers of nvidia-smi's `--format=csv,noheader,nounits` output: one row per GPU or per compute
 * process, fields joined by ", ". `[N/A]` and `[Not Supported]` read as null. A row that does not fit
 * makes the whole answer unreadable (an error the user sees), never a half-filled GPU.
 */

export const gpuQueryFields = [
  'index',
  'uuid',
  'name',
  'memory.total',
  'memory.used',
  'utilization.gpu',
  'temperature.gpu',
] as const;

export const computeAppsQueryFields = ['gpu_uuid', 'pid', 'process_name', 'used_memory'] as const;

export interface GpuRow {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
  temperatureC: number | null;
}

export interface ComputeAppRow {
  gpuUuid: string;
  pid: number;
  name: string;
  usedMemoryMiB: number | null;
}

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; message: string };

/** Splits a row into `fields.length` values; the one free-text field may itself hold ", ". */
export function splitCsvRow(line: string, count: number, freeTextIndex: number): string[] | null {
  const parts = line.split(',').map((part) => part.trim());
  if (parts.length < count) return null;
  const extra = parts.length - count;
  if (extra === 0) return parts;
  const free = line
    .split(',')
    .slice(freeTextIndex, freeTextIndex + extra + 1)
    .join(',')
    .trim();
  return [...parts.slice(0, freeTextIndex), free, ...parts.slice(freeTextIndex + extra + 1)];
}

/** A number, or null for nvidia-smi's "not available" spellings; undefined when it is neither. */
export function readMeasure(value: string): number | null | undefined {
  if (/^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]?$/i.test(value)) return null;
  if (!/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

function rowsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function parseGpuQuery(text: string): Parsed<GpuRow> {
  const rows: GpuRow[] = [];
  for (const line of rowsOf(text)) {
    const parts = splitCsvRow(line, gpuQueryFields.length, 2);
    if (!parts) return unreadable(line);
    const [index, uuid, name, total, used, util, temp] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const measures = [total, used, util, temp].map(readMeasure);
    if (!/^\d+$/.test(index) || !uuid.startsWith('GPU-') || measures.some((m) => m === undefined)) {
      return unreadable(line);
    }
    const [memoryTotalMiB, memoryUsedMiB, utilizationPercent, temperatureC] = measures as (number | null)[];
    rows.push({
      index: Number(index),
      uuid,
      name,
      memoryTotalMiB: memoryTotalMiB ?? null,
      memoryUsedMiB: memoryUsedMiB ?? null,
      utilizationPercent: utilizationPercent ?? null,
      temperatureC: temperatureC ?? null,
    });
  }
  return { ok: true, rows };
}

/**
 * Compute processes, in the field order they were asked for (`fields`); the process name is the free
 * text field (a path may hold commas).
 */
export function parseComputeApps(
  text: string,
  fields: readonly string[] = computeAppsQueryFields,
): Parsed<ComputeAppRow> {
  const at = (name: string): number => fields.indexOf(name);
  const nameIndex = at('process_name');
  if (at('gpu_uuid') < 0 || at('pid') < 0 || nameIndex < 0 || at('used_memory') < 0) {
    return { ok: false, message: 'The compute-apps query lacks a field this reader needs.' };
  }
  const rows: ComputeAppRow[] = [];
  for (const line of rowsOf(text)) {
    // nvidia-smi says so in words when nothing runs, on some versions.
    if (/^No running (compute )?processes found$/i.test(line)) continue;
    const parts = splitCsvRow(line, fields.length, nameIndex);
    if (!parts) return unreadable(line);
    const value = (name: string): string => parts[at(name)] ?? '';
    const pid = value('pid');
    const used = readMeasure(value('used_memory'));
    if (!/^\d+$/.test(pid) || !value('gpu_uuid').startsWith('GPU-') || used === undefined)
      return unreadable(line);
    rows.push({
      gpuUuid: value('gpu_uuid'),
      pid: Number(pid),
      name: value('process_name'),
      usedMemoryMiB: used,
    });
  }
  return { ok: true, rows };
}

function unreadable(line: string): { ok: false; message: string } {
  return {
    ok: false,
    message: `nvidia-smi printed a line this version of DPGui cannot read: "${line.slice(0, 200)}"`,
  };
}
