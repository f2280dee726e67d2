/** Vertical lines with a label drawn over a uPlot chart: epoch boundaries (labels at the top) and resume points (at the bottom). */
import uPlot from 'uplot';
import type { ChartMarker } from './epoch-boundaries';

export interface MarkerStyle {
  colour: string;
  dash: number[];
  /** Where the labels go. */
  edge: 'top' | 'bottom';
}

export function drawMarkers(
  plot: uPlot,
  markers: readonly ChartMarker[],
  style: MarkerStyle,
  fontPx: number,
): void {
  const { ctx, bbox } = plot;
  const min = plot.scales.x?.min;
  const max = plot.scales.x?.max;
  if (min === undefined || max === undefined) return;
  const ratio = uPlot.pxRatio;
  const size = Math.round(fontPx * ratio);
  const gap = 4 * ratio;
  ctx.save();
  ctx.strokeStyle = style.colour;
  ctx.fillStyle = style.colour;
  ctx.lineWidth = ratio;
  ctx.setLineDash(style.dash.map((d) => d * ratio));
  ctx.font = `${size}px system-ui, sans-serif`;
  ctx.textBaseline = style.edge === 'top' ? 'top' : 'bottom';
  // A label is left out where it would run into the one before (many short epochs); the line stays.
  let freeFrom = Number.NEGATIVE_INFINITY;
  for (const marker of markers) {
    if (marker.step < min || marker.step > max) continue;
    const x = Math.round(plot.valToPos(marker.step, 'x', true)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const width = ctx.measureText(marker.label).width;
    if (x + gap < freeFrom || x + gap + width > bbox.left + bbox.width) continue;
    const y = style.edge === 'top' ? bbox.top + gap : bbox.top + bbox.height - gap;
    ctx.fillText(marker.label, x + gap, y);
    freeFrom = x + gap + width + 2 * gap;
  }
  ctx.restore();
}
