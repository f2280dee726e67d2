import type { GpuInventory, GpusListResponse } from '../../../shared/contract/gpus';
import type { EventBus } from '../events/event-bus';
import type { GpuSampler } from './gpu-sampler';
import { applyExclusions } from './nvidia-smi-probe';

/** `gpus.list` answers the last sample (or takes one when there is none, or when asked to). */
export function createGpuHandlers(sampler: GpuSampler, excludedGpus: () => readonly string[]) {
  return {
    'gpus.list': async (request: { refresh?: boolean }): Promise<GpusListResponse> => {
      const sample: GpuInventory =
        request.refresh === true
          ? await sampler.sampleNow()
          : (sampler.latest() ?? (await sampler.sampleNow()));
      return { ...applyExclusions(sample, excludedGpus()), history: sampler.history() };
    },
  };
}

/** Every sample goes out as `gpu.stats`, with the exclusions of the moment. */
export function publishGpuSamples(
  sampler: GpuSampler,
  events: EventBus,
  excludedGpus: () => readonly string[],
) {
  return sampler.onSample((sample) => events.emit('gpu.stats', applyExclusions(sample, excludedGpus())));
}
