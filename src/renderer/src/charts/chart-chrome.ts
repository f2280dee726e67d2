/**
 * What every uPlot chart here shares: axis and grid colours per colour scheme (a canvas cannot read CSS
 * variables) and text sized from the root font size, so the UI zoom (which sets that size) reaches the
 * canvas too.
 */
import type uPlot from 'uplot';

export type ChartScheme = 'light' | 'dark';

export interface ChartChrome {
  axis: string;
  grid: string;
  /** Lines drawn over the plot to mark a place (epochs, resume points), and their labels. */
  marker: string;
  /** Root font size over the default 16 px: multiply pixel sizes (axis widths, label gaps) by it. */
  scale: number;
  font: string;
}

const colours: Record<ChartScheme, Pick<ChartChrome, 'axis' | 'grid' | 'marker'>> = {
  // Gray-7 on white and gray-4 on dark-7 (Mantine's): both above 4.5:1 for the axis labels.
  light: { axis: '#495057', grid: 'rgba(0, 0, 0, 0.08)', marker: 'rgba(73, 80, 87, 0.55)' },
  dark: { axis: '#c9c9c9', grid: 'rgba(255, 255, 255, 0.08)', marker: 'rgba(201, 201, 201, 0.45)' },
};

export function chartChrome(scheme: ChartScheme, rootFontPx: number): ChartChrome {
  const scale = Number.isFinite(rootFontPx) && rootFontPx > 0 ? rootFontPx / 16 : 1;
  return { ...colours[scheme], scale, font: `${Math.round(12 * scale)}px system-ui, sans-serif` };
}

/** An axis in the chrome's colours and font, without tick marks (the grid shows the ticks). */
export function chromeAxis(chrome: ChartChrome): uPlot.Axis {
  return {
    stroke: chrome.axis,
    font: chrome.font,
    grid: { stroke: chrome.grid, width: 1 },
    ticks: { show: false },
  };
}
