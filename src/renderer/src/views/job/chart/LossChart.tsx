/**
 * The loss curve in a uPlot canvas: raw loss (thin, faint), the smoothed loss (bold), the trainer's own
 * average (optional), the learning rate on a right-hand axis, epoch and resume lines. Drag selects a
 * step range to zoom into, Shift+drag (or the middle button) pans, a double-click shows the whole curve;
 * with the chart focused, ← → pan, + − zoom and 0 or Escape resets. New points keep the zoom.
 */
import { useComputedColorScheme } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type uPlot from 'uplot';
import { chartChrome, chromeAxis, type ChartChrome } from '../../../charts/chart-chrome';
import { useRootFontSize } from '../../../charts/use-root-font-size';
import { useUplot, type ChartOptions } from '../../../charts/use-uplot';
import { drawMarkers } from './chart-markers';
import type { ChartMarker } from './epoch-boundaries';
import { lossChartPalettes, type LossChartPalette } from './loss-chart-palette';
import { formatLr, formatStep, type LossSeries, type StepRange } from './loss-series';
import { asZoom, clampRange, panRange, zoomRange } from './zoom-range';

/** What the uPlot hooks read when they run (kept in a ref: the chart is not remade for them). */
interface Live {
  epochs: readonly ChartMarker[];
  resumes: readonly ChartMarker[];
  extent: StepRange | null;
  zoom: StepRange | null;
  onZoom: (range: StepRange | null) => void;
  onHover: (index: number | null) => void;
  /** Set while this component moves the scale itself: the scale hook then reports nothing. */
  applying: boolean;
}

/** The trainer's own average loss: not drawn, drawn beside the smoothed loss, or the only loss there is. */
export type TrainerAverage = 'hidden' | 'shown' | 'only';

function extentOf(steps: readonly number[]): StepRange | null {
  const from = steps[0];
  const to = steps.at(-1);
  return from === undefined || to === undefined ? null : { from, to };
}

function columns(series: LossSeries): uPlot.AlignedData {
  return [series.steps, series.loss, series.smoothed, series.trainerAverage, series.lr];
}

/** Shift+drag or a middle-button drag moves the zoomed range instead of selecting a new one. */
function panOnDrag(now: () => Live): uPlot.Cursor.MouseListenerFactory {
  return (plot, _target, handler) => (down) => {
    if (!down.shiftKey && down.button !== 1) return handler(down);
    const extent = now().extent;
    const { min, max } = plot.scales.x ?? {};
    if (!extent || min === undefined || max === undefined) return null;
    down.preventDefault();
    const width = plot.over.clientWidth || 1;
    const move = (event: MouseEvent) => {
      const shift = ((event.clientX - down.clientX) / width) * (max - min);
      const range = clampRange({ from: min - shift, to: max - shift }, extent);
      plot.setScale('x', { min: range.from, max: range.to });
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    return null;
  };
}

function options(
  palette: LossChartPalette,
  chrome: ChartChrome,
  trainerAverage: TrainerAverage,
  now: () => Live,
): ChartOptions {
  const axis = chromeAxis(chrome);
  const fontPx = 12 * chrome.scale;
  return {
    legend: { show: false },
    cursor: {
      drag: { x: true, y: false, setScale: true },
      bind: { mousedown: panOnDrag(now) },
      points: { size: 7 * chrome.scale },
    },
    scales: { x: { time: false }, loss: {}, lr: {} },
    series: [
      { label: 'Step' },
      { label: 'Loss', scale: 'loss', stroke: palette.loss, width: 1 },
      { label: 'Smoothed loss', scale: 'loss', stroke: palette.smoothed, width: 2.5 },
      {
        label: "Trainer's average",
        scale: 'loss',
        stroke: palette.trainerAverage,
        // The only curve there is: drawn as the smoothed loss is; beside it, a dashed reference.
        width: trainerAverage === 'only' ? 2.5 : 1.5,
        ...(trainerAverage === 'only' ? {} : { dash: [6, 4] }),
        show: trainerAverage !== 'hidden',
      },
      { label: 'Learning rate', scale: 'lr', stroke: palette.lr, width: 1.5 },
    ],
    axes: [
      {
        ...axis,
        size: 32 * chrome.scale,
        values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? formatStep(t) : '')),
      },
      {
        ...axis,
        scale: 'loss',
        size: 60 * chrome.scale,
        // 0.05, not 0.05000: as short as the value is.
        values: (_u, ticks) => ticks.map((t) => String(Number(t.toPrecision(6)))),
      },
      {
        ...axis,
        scale: 'lr',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- uPlot's Side is an ambient const enum, unreadable under isolatedModules; 1 is Right
        side: 1,
        stroke: palette.lr,
        grid: { show: false },
        size: 64 * chrome.scale,
        values: (_u, ticks) => ticks.map((t) => formatLr(t)),
      },
    ],
    hooks: {
      draw: [
        (plot) => {
          drawMarkers(plot, now().epochs, { colour: chrome.marker, dash: [4, 4], edge: 'top' }, fontPx);
          drawMarkers(plot, now().resumes, { colour: palette.resume, dash: [], edge: 'bottom' }, fontPx);
        },
      ],
      setScale: [
        (plot, key) => {
          const { extent, applying } = now();
          // Not while the chart is being made: its first scale is the whole curve, not a user's choice.
          if (key !== 'x' || applying || !extent || plot.status === 0) return;
          const { min, max } = plot.scales.x ?? {};
          if (min === undefined || max === undefined) return;
          now().onZoom(asZoom({ from: min, to: max }, extent));
        },
      ],
      setCursor: [
        (plot) => {
          const index = plot.cursor.idx;
          now().onHover(index === undefined || index === null ? null : index);
        },
      ],
    },
  };
}

/**
 * As tall as the window leaves below the chart's top (room kept for the line under it and the status
 * bar), within 12 and 36 rem: the whole chart shows at 1280×720 without scrolling, and a tall window
 * gets a tall chart.
 */
function useFittingHeight(frame: RefObject<HTMLDivElement | null>, rootFont: number): number {
  const { height: viewport } = useViewportSize();
  const [top, setTop] = useState<number | null>(null);
  useEffect(() => {
    // Measured once laid out (the header above may still be settling in this frame).
    const measure = requestAnimationFrame(() => {
      const element = frame.current;
      if (element) setTop(element.getBoundingClientRect().top + window.scrollY);
    });
    return () => cancelAnimationFrame(measure);
  }, [frame, viewport, rootFont]);
  const room = top === null || viewport === 0 ? rootFont * 20 : viewport - top - rootFont * 6;
  return Math.round(Math.min(Math.max(room, rootFont * 12), rootFont * 36));
}

export function LossChart({
  series,
  epochs,
  resumes,
  trainerAverage,
  zoom,
  onZoom,
  onHover,
  label,
  describedBy,
}: {
  series: LossSeries;
  epochs: readonly ChartMarker[];
  resumes: readonly ChartMarker[];
  trainerAverage: TrainerAverage;
  /** The step range shown, or null for the whole curve. */
  zoom: StepRange | null;
  onZoom: (range: StepRange | null) => void;
  /** The point under the cursor (an index into `series`), null when the cursor leaves. */
  onHover: (index: number | null) => void;
  label: string;
  /** The id of the text that summarises the curve for screen readers. */
  describedBy: string;
}) {
  const scheme = useComputedColorScheme('light');
  const rootFont = useRootFontSize();
  const frame = useRef<HTMLDivElement>(null);
  const extent = extentOf(series.steps);
  const live = useRef<Live>({ epochs, resumes, extent, zoom, onZoom, onHover, applying: false });
  useEffect(() => {
    live.current = { ...live.current, epochs, resumes, extent, zoom, onZoom, onHover };
  });
  // The chart's hooks read the newest props through this when they run, not during a render.
  const now = useCallback(() => live.current, []);

  const made = useMemo(
    // eslint-disable-next-line react-hooks/refs -- `now` is only called by uPlot's hooks, after the render
    () => options(lossChartPalettes[scheme], chartChrome(scheme, rootFont), trainerAverage, now),
    [scheme, rootFont, trainerAverage, now],
  );
  const data = useMemo(() => columns(series), [series]);
  // New points (or a remade chart) keep the zoom: the whole curve is rescaled only when not zoomed.
  const update = useCallback((plot: uPlot, next: uPlot.AlignedData) => {
    const kept = live.current.zoom;
    live.current.applying = true;
    plot.setData(next, kept === null);
    if (kept) plot.setScale('x', { min: kept.from, max: kept.to });
    live.current.applying = false;
  }, []);
  const height = useFittingHeight(frame, rootFont);
  const { box, target, plot } = useUplot({ options: made, data, height, update });

  // A zoom set from outside the canvas (keys, the reset button) moves the scale.
  useEffect(() => {
    const chart = plot.current;
    const whole = live.current.extent;
    if (!chart || !whole) return;
    const range = zoom ?? whole;
    const { min, max } = chart.scales.x ?? {};
    if (min === range.from && max === range.to) return;
    live.current.applying = true;
    chart.setScale('x', { min: range.from, max: range.to });
    live.current.applying = false;
  }, [zoom, plot]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !extent) return;
    const shown = zoom ?? extent;
    let next: StepRange | null | undefined;
    if (event.key === 'ArrowLeft' && zoom) next = panRange(zoom, -0.25, extent);
    else if (event.key === 'ArrowRight' && zoom) next = panRange(zoom, 0.25, extent);
    else if (event.key === '+' || event.key === '=') next = zoomRange(shown, 0.5, extent);
    else if (event.key === '-') next = zoomRange(shown, 2, extent);
    else if ((event.key === '0' || event.key === 'Escape') && zoom) next = null;
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    onZoom(next);
  };

  return (
    <div ref={frame}>
      <div ref={box} style={{ width: '100%' }}>
        <div
          ref={target}
          role="group"
          aria-roledescription="chart"
          aria-label={label}
          aria-describedby={describedBy}
          tabIndex={0}
          onKeyDown={onKeyDown}
          data-testid="loss-canvas"
          style={{ height, borderRadius: 4 }}
        />
      </div>
    </div>
  );
}
