/** A GPU's history as uPlot's columns: seconds since the epoch, memory used in GiB, load in percent. */
import type { GpuHistoryPoint } from '../../../../shared/contract';

export interface GpuChartSeries {
  /** Seconds (uPlot's time unit), oldest first. */
  times: number[];
  memoryGiB: (number | null)[];
  utilisation: (number | null)[];
}

/**
 * The points of one GPU, in time order. A sample that lacks this GPU (it vanished, or was not yet there)
 * leaves a gap instead of a made-up value; an unreadable time is skipped.
 */
export function gpuChartSeries(history: readonly GpuHistoryPoint[], uuid: string): GpuChartSeries {
  const points = history
    .map((point) => ({ at: Date.parse(point.sampledAt), gpu: point.gpus.find((g) => g.uuid === uuid) }))
    .filter((p) => !Number.isNaN(p.at))
    .sort((a, b) => a.at - b.at);
  return {
    times: points.map((p) => p.at / 1000),
    memoryGiB: points.map((p) => (p.gpu?.memoryUsedMiB == null ? null : p.gpu.memoryUsedMiB / 1024)),
    utilisation: points.map((p) => (p.gpu?.utilizationPercent == null ? null : p.gpu.utilizationPercent)),
  };
}
