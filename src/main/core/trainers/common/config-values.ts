/** Reading numbers out of a job's config values. */

/** A finite number above zero, else null (unset, zero or garbage turn a schedule off). */
export const positive = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
