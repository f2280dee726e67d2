import { describe, expect, it } from 'vitest';
import type { GpuHistoryPoint } from '../../../../shared/contract';
import { gpuChartSeries } from './gpu-chart-series';

function point(sampledAt: string, gpus: [string, number | null, number | null][]): GpuHistoryPoint {
  return {
    sampledAt,
    gpus: gpus.map(([uuid, memoryUsedMiB, utilizationPercent]) => ({
      uuid,
      memoryUsedMiB,
      utilizationPercent,
      temperatureC: 40,
    })),
  };
}

describe('gpuChartSeries', () => {
  it("takes one GPU's memory (GiB) and load over time, in seconds, oldest first", () => {
    const history = [
      point('2026-01-01T00:00:02.000Z', [
        ['A', 2048, 50],
        ['B', 1, 0],
      ]),
      point('2026-01-01T00:00:00.000Z', [
        ['A', 1024, 10],
        ['B', 1, 0],
      ]),
    ];
    expect(gpuChartSeries(history, 'A')).toEqual({
      times: [1767225600, 1767225602],
      memoryGiB: [1, 2],
      utilisation: [10, 50],
    });
  });

  it('leaves gaps where the GPU is missing or nvidia-smi said [N/A], and skips unreadable times', () => {
    const history = [
      point('2026-01-01T00:00:00.000Z', [['B', 1, 0]]),
      point('not a time', [['A', 1024, 10]]),
      point('2026-01-01T00:00:02.000Z', [['A', null, null]]),
      point('2026-01-01T00:00:04.000Z', [['A', 512, 0]]),
    ];
    expect(gpuChartSeries(history, 'A')).toEqual({
      times: [1767225600, 1767225602, 1767225604],
      memoryGiB: [null, null, 0.5],
      utilisation: [null, null, 0],
    });
  });

  it('is empty before the first sample', () => {
    expect(gpuChartSeries([], 'A')).toEqual({ times: [], memoryGiB: [], utilisation: [] });
  });
});
