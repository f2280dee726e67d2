/** The GPUs with their load, holders and the last minutes of history, kept current by gpu.stats. */
import type { GpusListResponse } from '../../../../shared/contract';
import { applyGpuStats } from './apply-gpus';
import { liveRequest, on } from './live-spec';
import { useLive, type Live } from './use-live';

// Subscribing to gpu.stats is what makes the host sample every 2 s (only while someone watches).
export const gpusSpec = liveRequest('gpus.list', {}, [on('gpu.stats', applyGpuStats)]);

export function useGpus(): Live<GpusListResponse> {
  return useLive(gpusSpec);
}
