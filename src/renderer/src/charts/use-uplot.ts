/**
 * A uPlot chart in a React element: made once per `options` (keep them memoised: a new object remakes
 * the chart), resized with its box (ResizeObserver) without being made again, and given new data
 * through `update` (plain setData unless the caller keeps something across updates, such as a zoom).
 */
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const setData = (plot: uPlot, data: uPlot.AlignedData) => plot.setData(data);

export function useUplot({
  options,
  data,
  height,
  update = setData,
}: {
  options: ChartOptions;
  data: uPlot.AlignedData;
  height: number;
  update?: (plot: uPlot, data: uPlot.AlignedData) => void;
}): {
  /** The box whose width the chart takes (put it around `target`). */
  box: ReturnType<typeof useElementSize<HTMLDivElement>>['ref'];
  /** Where uPlot draws. */
  target: RefObject<HTMLDivElement | null>;
  plot: RefObject<uPlot | null>;
} {
  const { ref: box, width } = useElementSize<HTMLDivElement>();
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ data, update, width: Math.floor(width), height });
  const hasWidth = Math.floor(width) > 0;
  // First of the effects: the chart made below takes what this render holds.
  useEffect(() => {
    latest.current = { data, update, width: Math.floor(width), height };
  });

  useEffect(() => {
    if (!target.current || !hasWidth) return;
    const { data: now, width: w, height: h, update: apply } = latest.current;
    const made = new uPlot({ ...options, width: w, height: h }, now, target.current);
    plot.current = made;
    apply(made, now);
    return () => {
      made.destroy();
      plot.current = null;
    };
  }, [options, hasWidth]);

  useEffect(() => {
    const made = plot.current;
    const w = Math.floor(width);
    if (made && w > 0 && (made.width !== w || made.height !== height)) made.setSize({ width: w, height });
  }, [width, height]);

  // After the chart is (re)made above: it then takes new data without being made again.
  useEffect(() => {
    if (plot.current) update(plot.current, data);
  }, [data, update]);

  return { box, target, plot };
}
