/** Where a new epoch begins along the curve: the chart draws a labelled vertical line there. */

export interface ChartMarker {
  step: number;
  label: string;
}

/**
 * The first point of each epoch after the first one seen. Epochs are compared as whole numbers (a
 * trainer that reports a fractional epoch still gets one line per epoch); points without an epoch are
 * skipped.
 */
export function epochBoundaries(points: readonly { step: number; epoch: number | null }[]): ChartMarker[] {
  const markers: ChartMarker[] = [];
  let current: number | null = null;
  for (const point of points) {
    if (point.epoch === null || !Number.isFinite(point.epoch)) continue;
    const epoch = Math.floor(point.epoch);
    if (current !== null && epoch !== current) markers.push({ step: point.step, label: `Epoch ${epoch}` });
    current = epoch;
  }
  return markers;
}
