/**
 * The Samples tab's grid: one row per sampling point (a step, or an epoch where the trainer samples by
 * epoch), one column per prompt. Pure: a job's artifacts in, rows out. A point sampled twice (a
 * relaunch made it again) shows its newest image.
 */
import type { Artifact } from '../../../../../shared/contract';

/** newest: the latest samples on top (what a running training is watched for). */
export type RowOrder = 'newest' | 'oldest';

export interface SamplePoint {
  /** `step:500`, `epoch:2`, or `other` for names that carry neither. */
  key: string;
  step: number | null;
  epoch: number | null;
}

export interface SampleRow extends SamplePoint {
  label: string;
  /** The checkpoint saved at this point, if any. */
  checkpoint: string | null;
  /** One per prompt; null where that prompt's image has not come (yet). */
  cells: (Artifact | null)[];
}

export interface SampleGrid {
  rows: SampleRow[];
  promptCount: number;
}

export function pointOf(sample: Pick<Artifact, 'step' | 'epoch'>): SamplePoint {
  if (sample.step !== null) return { key: `step:${sample.step}`, step: sample.step, epoch: null };
  if (sample.epoch !== null) return { key: `epoch:${sample.epoch}`, step: null, epoch: sample.epoch };
  return { key: 'other', step: null, epoch: null };
}

export function pointLabel(point: Pick<SamplePoint, 'step' | 'epoch'>): string {
  if (point.step !== null) return `Step ${point.step.toLocaleString('en-US')}`;
  if (point.epoch !== null) return `Epoch ${point.epoch.toLocaleString('en-US')}`;
  return 'Unnumbered';
}

/** Oldest first: steps by number, then epochs by number, then what carries neither. */
export function comparePoints(a: SamplePoint, b: SamplePoint): number {
  const rank = (p: SamplePoint) => (p.step !== null ? 0 : p.epoch !== null ? 1 : 2);
  return rank(a) - rank(b) || (a.step ?? a.epoch ?? 0) - (b.step ?? b.epoch ?? 0);
}

export function orderPoints<T extends SamplePoint>(points: T[], order: RowOrder): T[] {
  const sorted = [...points].sort(comparePoints);
  return order === 'newest' ? sorted.reverse() : sorted;
}

/** `knownPrompts`: how many prompts the config lists (columns show even before their first image). */
export function buildSampleGrid(items: readonly Artifact[], order: RowOrder, knownPrompts = 0): SampleGrid {
  const samples = items.filter((item) => item.kind === 'sample');
  const promptCount = Math.max(knownPrompts, ...samples.map((s) => (s.promptIndex ?? 0) + 1), 0);
  const byPoint = new Map<string, SampleRow>();
  for (const sample of samples) {
    const point = pointOf(sample);
    let row = byPoint.get(point.key);
    if (!row) {
      row = { ...point, label: pointLabel(point), checkpoint: null, cells: [] };
      byPoint.set(point.key, row);
    }
    const prompt = sample.promptIndex ?? 0;
    const held = row.cells[prompt];
    if (!held || held.savedAt <= sample.savedAt) row.cells[prompt] = sample;
    row.checkpoint ??= sample.checkpoint;
  }
  const rows = orderPoints([...byPoint.values()], order).map((row) => ({
    ...row,
    cells: Array.from({ length: promptCount }, (_, i) => row.cells[i] ?? null),
  }));
  return { rows, promptCount };
}

/** The checkpoint for each point key, where a checkpoint names its step or epoch (to link rows without a sample's link). */
export function checkpointsByPoint(items: readonly Artifact[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const item of items)
    if (item.kind === 'checkpoint' && (item.step !== null || item.epoch !== null))
      found.set(pointOf(item).key, item.path);
  return found;
}
