/**
 * The chart's line colours: a canvas cannot read CSS variables, so each scheme gets its own readable set
 * (axes and grid: charts/chart-chrome.ts).
 */
export interface GpuChartPalette {
  memory: string;
  memoryFill: string;
  load: string;
}

export const gpuChartPalettes: Record<'light' | 'dark', GpuChartPalette> = {
  // Mantine's blue-7 / orange-8 on white; blue-4 / orange-4 on dark-7: all above 3:1 against the card.
  light: {
    memory: '#1c7ed6',
    memoryFill: 'rgba(28, 126, 214, 0.12)',
    load: '#d9480f',
  },
  dark: {
    memory: '#4dabf7',
    memoryFill: 'rgba(77, 171, 247, 0.15)',
    load: '#ffa94d',
  },
};
