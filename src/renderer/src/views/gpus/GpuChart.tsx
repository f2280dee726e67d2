/**
 * One GPU's memory (GiB, left axis, up to its total) and load (%, right axis) over the last minutes, drawn
 * by uPlot in a canvas. The plot is made once per scheme, zoom and total; new samples only call setData.
 */
import { useComputedColorScheme } from '@mantine/core';
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { gpuHistoryMs } from '../../api/live-state/apply-gpus';
import { chartChrome, chromeAxis, type ChartChrome } from '../../charts/chart-chrome';
import { useRootFontSize } from '../../charts/use-root-font-size';
import { useUplot, type ChartOptions } from '../../charts/use-uplot';
import type { GpuChartSeries } from './gpu-chart-series';
import { gpuChartPalettes } from './gpu-chart-palette';

const chartHeight = 140;
const minuteFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function options(totalGiB: number | null, scheme: 'light' | 'dark', chrome: ChartChrome): ChartOptions {
  const colours = gpuChartPalettes[scheme];
  const axis = chromeAxis(chrome);
  return {
    legend: { show: false },
    cursor: { show: false },
    scales: {
      // The last five minutes, whether or not samples cover them yet: the time axis does not jump.
      x: {
        time: true,
        range: (_u, _min, max) => {
          const end = Number.isFinite(max) ? max : Date.now() / 1000;
          return [end - gpuHistoryMs / 1000, end];
        },
      },
      gib: { range: (_u, _min, max) => [0, Math.max(totalGiB ?? (Number.isFinite(max) ? max : 0), 1)] },
      percent: { range: [0, 100] },
    },
    series: [
      {},
      {
        label: 'Memory',
        scale: 'gib',
        stroke: colours.memory,
        fill: colours.memoryFill,
        width: 2,
        spanGaps: false,
      },
      { label: 'Load', scale: 'percent', stroke: colours.load, width: 1.5, spanGaps: false },
    ],
    axes: [
      {
        ...axis,
        // A tick a minute, as the time of day: the date is today's and needs no second line.
        incrs: [60, 120, 300],
        values: (_u, ticks) => ticks.map((t) => minuteFormat.format(new Date(t * 1000))),
        size: 28 * chrome.scale,
      },
      { ...axis, scale: 'gib', values: (_u, ticks) => ticks.map((t) => `${t} G`), size: 44 * chrome.scale },
      {
        ...axis,
        scale: 'percent',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- uPlot's Side is an ambient const enum, unreadable under isolatedModules; 1 is Right
        side: 1,
        values: (_u, ticks) => ticks.map((t) => `${t} %`),
        size: 48 * chrome.scale,
      },
    ],
  };
}

function columns(series: GpuChartSeries): uPlot.AlignedData {
  return [series.times, series.memoryGiB, series.utilisation];
}

export function GpuChart({
  series,
  totalGiB,
  label,
}: {
  series: GpuChartSeries;
  totalGiB: number | null;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
}) {
  const scheme = useComputedColorScheme('light');
  const rootFont = useRootFontSize();
  const made = useMemo(
    () => options(totalGiB, scheme, chartChrome(scheme, rootFont)),
    [totalGiB, scheme, rootFont],
  );
  const data = useMemo(() => columns(series), [series]);
  const { box, target } = useUplot({ options: made, data, height: chartHeight });

  return (
    <div ref={box} style={{ width: '100%' }}>
      <div
        ref={target}
        role="img"
        aria-label={label}
        data-testid="gpu-chart"
        style={{ height: chartHeight }}
      />
    </div>
  );
}
