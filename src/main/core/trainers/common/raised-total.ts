/**
 * A resumed retry that trains longer: the config key holding the run's total steps or epochs is set to
 * the higher total asked for. Each trainer says which key that is; this checks the number.
 */
import { positive } from './config-values';
import type { RaisedTotal, RaisedTotalResult } from '../runtime';

export interface TotalKey {
  /** The request's field that asks for this key. */
  field: keyof RaisedTotal;
  /** The config key it sets. */
  key: string;
  /** Its unit in a sentence: "steps" or "epochs". */
  unit: string;
}

/** The one total asked for (jobs.retry refuses both at once before asking a trainer). */
export function askedTotal(total: RaisedTotal): { field: keyof RaisedTotal; value: number } | null {
  if (total.totalSteps !== undefined) return { field: 'totalSteps', value: total.totalSteps };
  if (total.totalEpochs !== undefined) return { field: 'totalEpochs', value: total.totalEpochs };
  return null;
}

/** Sets `target.key` to the asked total, refused unless it is higher than the config's. */
export function raiseTotalKey(
  values: Record<string, unknown>,
  target: TotalKey,
  asked: number,
): RaisedTotalResult {
  const current = positive(values[target.key]);
  if (current !== null && asked <= current) {
    return {
      ok: false,
      field: target.field,
      reason: `${target.field} must be higher than the job's ${current} ${target.unit} (${target.key}): give ${Math.floor(current) + 1} or more.`,
    };
  }
  return { ok: true, values: { ...values, [target.key]: asked } };
}
