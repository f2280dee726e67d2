/** The chart's colours: a canvas cannot read CSS variables, so each scheme gets its own readable set. */
export interface GpuChartPalette {
  memory: string;
  memoryFill: string;
  load: string;
  axis: string;
  grid: string;
}

export const gpuChartPalettes: Record<'light' | 'dark', GpuChartPalette> = {
  // Mantine's blue-7 / orange-8 on white; blue-4 / orange-4 on dark-7: all above 3:1 against the card.
  light: {
    memory: '#1c7ed6',
    memoryFill: 'rgba(28, 126, 214, 0.12)',
    load: '#d9480f',
    axis: '#495057',
    grid: 'rgba(0, 0, 0, 0.08)',
  },
  dark: {
    memory: '#4dabf7',
    memoryFill: 'rgba(77, 171, 247, 0.15)',
    load: '#ffa94d',
    axis: '#c9c9c9',
    grid: 'rgba(255, 255, 255, 0.08)',
  },
};
