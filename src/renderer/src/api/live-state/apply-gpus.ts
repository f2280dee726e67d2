/** gpus.list kept current by gpu.stats: the newest sample replaces the inventory and joins the history. */
import type { GpuHistoryPoint, GpuInventory, GpusListResponse } from '../../../../shared/contract';

/** As far back as the host keeps (core/gpus/gpu-sampler.ts: 5 minutes). */
export const gpuHistoryMs = 5 * 60_000;

export function applyGpuStats(current: GpusListResponse, sample: GpuInventory): GpusListResponse {
  const at = sample.sampledAt === null ? NaN : Date.parse(sample.sampledAt);
  const heldAt = current.sampledAt === null ? NaN : Date.parse(current.sampledAt);
  // A sample the snapshot already holds (or an older one): nothing new.
  if (!Number.isNaN(heldAt) && !(at > heldAt)) return current;
  if (Number.isNaN(at) || sample.sampledAt === null) return { ...sample, history: current.history };
  const point: GpuHistoryPoint = {
    sampledAt: sample.sampledAt,
    gpus: sample.gpus.map((gpu) => ({
      uuid: gpu.uuid,
      memoryUsedMiB: gpu.memoryUsedMiB,
      utilizationPercent: gpu.utilizationPercent,
      temperatureC: gpu.temperatureC,
    })),
  };
  const history = [...current.history, point].filter((p) => Date.parse(p.sampledAt) >= at - gpuHistoryMs);
  return { ...sample, history };
}
