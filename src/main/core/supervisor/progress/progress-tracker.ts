/**
 * A job's progress from what its trainer prints (display lines and the open progress line) and, where
 * python-bridge's hook reported them, from its `events.jsonl` tqdm events — those win for the step
 * bar, since they are exact numbers rather than rounded text. Pure: lines in, progress and metric rows
 * out. Each trainer's line reader is in its runtime (src/main/core/trainers/<kind>/).
 */
import type { JobProgress, MetricPoint, TrainerKind } from '../../../../shared/contract/jobs';
import { trainerRuntime } from '../../trainers';
import type { LineFacts, Schedule } from '../../trainers/runtime';

export type { LineFacts, Schedule, TrainerLineReader } from '../../trainers/runtime';

export type Progress = Omit<JobProgress, 'jobId'>;
export type Phase = Progress['phase'];

export interface ProgressTracker {
  /** A final display line; answers whether the progress changed. */
  line(text: string): boolean;
  /**
   * The still-open lines (a bar being redrawn), as each job.log batch carries them; only those that
   * changed since the last batch count (an unchanged bar must not undo a newer line's phase).
   */
  openLines(texts: readonly string[]): boolean;
  /** One line of python-bridge's events.jsonl. */
  bridgeEvent(event: unknown): boolean;
  progress(): Progress;
  /** Metric rows since the last call (a row for a step may come again with a later value: upsert). */
  takeMetrics(): MetricPoint[];
}

export function emptyProgress(): Progress {
  return {
    phase: 'loading',
    step: null,
    total: null,
    epoch: null,
    epochs: null,
    loss: null,
    smoothedLoss: null,
    lr: null,
    itPerSec: null,
    etaSeconds: null,
    nextSave: null,
    nextSample: null,
  };
}

/** Whether two records of flat fields (numbers, strings, null) say the same, NaN equal to NaN. */
function sameFields<T extends object>(a: T, b: T): boolean {
  for (const key of Object.keys(a) as (keyof T)[]) {
    const x = a[key];
    const y = b[key];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** The smallest multiple of `every` above `step`, capped at `total`. */
function nextMultiple(step: number, every: number | null | undefined, total: number | null): number | null {
  if (!every || every <= 0) return null;
  const next = (Math.floor(step / every) + 1) * every;
  return total !== null ? Math.min(next, total) : next;
}

function nextEpochBoundary(
  step: number,
  everyEpochs: number | null | undefined,
  stepsPerEpoch: number | null,
  total: number | null,
): number | null {
  if (!everyEpochs || !stepsPerEpoch) return null;
  return nextMultiple(step, everyEpochs * stepsPerEpoch, total);
}

const minOf = (...values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.min(...present) : null;
};

export function createProgressTracker(trainer: TrainerKind, schedule: Schedule = {}): ProgressTracker {
  const { readLine: read, stepsPerEpochFrom } = trainerRuntime(trainer);
  let current = emptyProgress();
  if (schedule.epochs) current.epochs = schedule.epochs;
  let stepsPerEpoch: number | null = null;
  let bridgeBars = false;
  let metrics: MetricPoint[] = [];
  let lastMetric: MetricPoint | null = null;
  /** diffusion-pipe prints no smoothed loss: a mean over the last steps stands in for it. */
  const recentLosses: number[] = [];
  let firstEpochTwoStep: number | null = null;

  const apply = (facts: LineFacts): boolean => {
    if (facts.fromStepBar && bridgeBars) return false;
    const before = current;
    const next: Progress = { ...current };
    if (facts.stepsPerEpoch !== undefined) stepsPerEpoch = facts.stepsPerEpoch;
    // "model saved." ends a run; the final checkpoint's own line may be read after it (stdout and stderr
    // are read one after the other), so nothing moves the phase back from finished.
    if (facts.phase !== undefined && current.phase !== 'finished') next.phase = facts.phase;
    if (facts.step !== undefined) {
      next.step = facts.step;
      if (facts.phase === undefined && current.phase !== 'finished') next.phase = 'training';
    }
    if (facts.total !== undefined) next.total = facts.total;
    if (facts.epochs !== undefined) next.epochs = facts.epochs;
    if (facts.epoch !== undefined) {
      next.epoch = facts.epoch;
      // A trainer that never prints its steps per epoch (diffusion-pipe): the step at which epoch 2 starts tells it.
      if (
        facts.epoch === 2 &&
        next.step !== null &&
        stepsPerEpoch === null &&
        stepsPerEpochFrom === 'epoch-two-start'
      ) {
        firstEpochTwoStep = next.step;
        stepsPerEpoch = firstEpochTwoStep;
      }
    }
    if (facts.loss !== undefined) {
      next.loss = facts.loss;
      if (facts.loss !== null && Number.isFinite(facts.loss) && facts.smoothedLoss === undefined) {
        recentLosses.push(facts.loss);
        if (recentLosses.length > 50) recentLosses.shift();
        next.smoothedLoss = recentLosses.reduce((a, b) => a + b, 0) / recentLosses.length;
      }
    }
    if (facts.smoothedLoss !== undefined) next.smoothedLoss = facts.smoothedLoss;
    if (facts.lr !== undefined) next.lr = facts.lr;
    if (facts.itPerSec !== undefined) next.itPerSec = facts.itPerSec;
    if (next.total === null && stepsPerEpoch !== null && next.epochs !== null)
      next.total = stepsPerEpoch * next.epochs;
    // sd-scripts prints its total steps and epochs; their ratio is its steps per epoch.
    if (
      stepsPerEpoch === null &&
      stepsPerEpochFrom === 'total-over-epochs' &&
      next.total !== null &&
      next.epochs
    ) {
      stepsPerEpoch = next.total / next.epochs;
    }
    if (facts.etaSeconds !== undefined) next.etaSeconds = facts.etaSeconds;
    else if (next.step !== null && next.total !== null && next.itPerSec) {
      next.etaSeconds = Math.max(0, (next.total - next.step) / next.itPerSec);
    }
    if (next.step !== null) {
      const step = next.step;
      next.nextSave = minOf(
        nextMultiple(step, schedule.saveEveryNSteps, next.total),
        nextEpochBoundary(step, schedule.saveEveryNEpochs, stepsPerEpoch, next.total),
        // The final model is always saved at the end.
        next.total !== null && step < next.total ? next.total : null,
      );
      next.nextSample = minOf(
        nextMultiple(step, schedule.sampleEveryNSteps, next.total),
        nextEpochBoundary(step, schedule.sampleEveryNEpochs, stepsPerEpoch, next.total),
      );
      if (next.nextSample !== null && next.total !== null && next.nextSample > next.total)
        next.nextSample = null;
      const metric: MetricPoint = {
        step,
        loss: next.loss,
        smoothedLoss: next.smoothedLoss,
        lr: next.lr,
        // A step stays in the epoch it ran in: both trainers print "epoch 2" after the last step of epoch 1
        // (and sd-scripts redraws that step's bar after it), which must not move the step into epoch 2.
        epoch: lastMetric !== null && lastMetric.step === step ? lastMetric.epoch : next.epoch,
      };
      if (
        (lastMetric === null || !sameFields(metric, lastMetric)) &&
        (metric.loss !== null || metric.smoothedLoss !== null)
      ) {
        lastMetric = metric;
        metrics.push(metric);
      }
    }
    current = next;
    // Compared field by field: this runs for every progress line, several a second.
    return !sameFields(before, current);
  };

  const readText = (text: string): boolean => {
    const facts = read(text);
    return facts ? apply(facts) : false;
  };

  let lastOpen = new Set<string>();
  return {
    line: readText,
    openLines(texts) {
      let changed = false;
      for (const text of texts) if (!lastOpen.has(text) && readText(text)) changed = true;
      lastOpen = new Set(texts);
      return changed;
    },
    bridgeEvent(event) {
      const facts = readBridgeEvent(event);
      if (!facts) return false;
      if (facts.fromStepBar) {
        bridgeBars = true;
        return apply({ ...facts, fromStepBar: false });
      }
      return apply(facts);
    },
    progress: () => ({ ...current }),
    takeMetrics() {
      const out = metrics;
      metrics = [];
      return out;
    },
  };
}

const numberOf = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
};

/**
 * python-bridge's events (bridge-protocol.md): the "steps" tqdm bar as exact numbers; the saved
 * checkpoint and sample files only mark the phase (the artifacts list comes from them elsewhere).
 */
export function readBridgeEvent(event: unknown): LineFacts | null {
  if (typeof event !== 'object' || event === null) return null;
  const e = event as Record<string, unknown>;
  if (e.type === 'progress') {
    const bar = (e.bar ?? {}) as Record<string, unknown>;
    const n = numberOf(e.n);
    if (bar.desc !== 'steps' || n === undefined) return null;
    const total = numberOf(e.total);
    const rate = numberOf(e.rate);
    const postfix = (e.postfix ?? {}) as Record<string, unknown>;
    const facts: LineFacts = { step: n, fromStepBar: true };
    if (total !== undefined) facts.total = total;
    if (rate !== undefined && rate > 0) {
      facts.itPerSec = rate;
      if (total !== undefined) facts.etaSeconds = Math.max(0, (total - n) / rate);
    }
    const avr = numberOf(postfix.avr_loss);
    if (avr !== undefined) facts.smoothedLoss = avr;
    // A trainer's own loss and lr in its postfix, else those the hook read from sd-scripts' loss
    // recorder and the trainer's LR scheduler.
    const loss = numberOf(postfix.loss) ?? numberOf(e.loss);
    if (loss !== undefined) facts.loss = loss;
    const lr = numberOf(postfix.lr) ?? numberOf(e.lr);
    if (lr !== undefined) facts.lr = lr;
    return facts;
  }
  return null;
}
