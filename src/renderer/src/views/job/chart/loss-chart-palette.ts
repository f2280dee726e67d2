/** The loss chart's line colours per scheme (axes, grid and markers: charts/chart-chrome.ts). */
import type { ChartScheme } from '../../../charts/chart-chrome';

export interface LossChartPalette {
  loss: string;
  smoothed: string;
  trainerAverage: string;
  lr: string;
  resume: string;
}

export const lossChartPalettes: Record<ChartScheme, LossChartPalette> = {
  // Mantine's blue-7, teal-8, violet-7, orange-8 on white; their 4 shades on dark-7: each above 3:1.
  light: {
    loss: 'rgba(28, 126, 214, 0.3)',
    smoothed: '#1c7ed6',
    trainerAverage: '#0c8599',
    lr: '#7048e8',
    resume: '#d9480f',
  },
  dark: {
    loss: 'rgba(77, 171, 247, 0.3)',
    smoothed: '#4dabf7',
    trainerAverage: '#66d9e8',
    lr: '#b197fc',
    resume: '#ffa94d',
  },
};
