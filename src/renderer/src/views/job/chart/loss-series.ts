/** The loss chart's columns (uPlot's aligned data) and the words that describe them. */
import type { MetricPoint } from '../../../../../shared/contract';
import { smoothLoss } from './loss-smoothing';

export interface LossSeries {
  steps: number[];
  loss: (number | null)[];
  /** The renderer's moving average of `loss` at the chosen weight. */
  smoothed: (number | null)[];
  /** What the trainer itself reports as its average loss (sd-scripts: the epoch's running mean). */
  trainerAverage: (number | null)[];
  lr: (number | null)[];
  epoch: (number | null)[];
}

const finite = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) ? value : null;

export function lossSeries(points: readonly MetricPoint[], smoothing: number): LossSeries {
  const steps = points.map((p) => p.step);
  const loss = points.map((p) => finite(p.loss));
  return {
    steps,
    loss,
    smoothed: smoothLoss(steps, loss, smoothing),
    trainerAverage: points.map((p) => finite(p.smoothedLoss)),
    lr: points.map((p) => finite(p.lr)),
    epoch: points.map((p) => finite(p.epoch)),
  };
}

export interface StepRange {
  from: number;
  to: number;
}

/**
 * A downsampled curve with one range read again step by step: the detail replaces the coarse points of
 * its range. Points past the detail's last step stay (they came live after it was read).
 */
export function withDetail(
  overview: readonly MetricPoint[],
  detail: { range: StepRange; points: readonly MetricPoint[] } | null,
): MetricPoint[] {
  if (!detail) return [...overview];
  const last = detail.points.at(-1)?.step ?? detail.range.to;
  const end = Math.min(detail.range.to, last);
  const before = overview.filter((p) => p.step < detail.range.from);
  const after = overview.filter((p) => p.step > end);
  return [...before, ...detail.points, ...after];
}

/** The point shown for a cursor position (or the last one), as the readout's parts. */
export interface LossReadout {
  step: number;
  loss: number | null;
  smoothed: number | null;
  trainerAverage: number | null;
  lr: number | null;
  epoch: number | null;
}

export function readoutAt(series: LossSeries, index: number): LossReadout | null {
  const step = series.steps[index];
  if (step === undefined) return null;
  return {
    step,
    loss: series.loss[index] ?? null,
    smoothed: series.smoothed[index] ?? null,
    trainerAverage: series.trainerAverage[index] ?? null,
    lr: series.lr[index] ?? null,
    epoch: series.epoch[index] ?? null,
  };
}

const stepFormat = new Intl.NumberFormat('en-US');

export function formatLoss(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toPrecision(4) : value.toExponential(2);
}

/** Learning rates span decades: scientific, as trainers print them (1.0e-4). */
export function formatLr(value: number | null): string {
  return value === null ? '–' : value.toExponential(1);
}

export function formatStep(step: number): string {
  return stepFormat.format(step);
}

export function formatEpoch(value: number | null): string {
  if (value === null) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** One sentence for screen readers: where the curve ends. */
export function lossSummary(readout: LossReadout | null): string {
  if (!readout) return 'No loss recorded yet.';
  const parts = [
    `loss ${formatLoss(readout.loss)}`,
    `smoothed loss ${formatLoss(readout.smoothed)}`,
    `learning rate ${formatLr(readout.lr)}`,
  ];
  if (readout.epoch !== null) parts.push(`epoch ${formatEpoch(readout.epoch)}`);
  return `Last step ${formatStep(readout.step)}: ${parts.join(', ')}.`;
}

/** How the drawn points stand for the stored steps. */
export type DrawnState = 'every-step' | 'averaged' | 'every-step-in-zoom';

/** How much of the curve is drawn: "1,234 steps stored, every step drawn", "…, averaged into 2,000 points". */
export function storedText(stored: number, drawn: number, state: DrawnState): string {
  const steps = `${formatStep(stored)} ${stored === 1 ? 'step' : 'steps'} stored`;
  if (state === 'every-step') return `${steps}, every step drawn`;
  if (state === 'every-step-in-zoom') return `${steps}, every step of the zoomed range drawn`;
  return `${steps}, averaged into ${formatStep(drawn)} points (zoom in to see every step)`;
}
