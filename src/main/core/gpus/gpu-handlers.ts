import type { GpuInventory, GpusListResponse } from '../../../shared/contract/gpus';
import type { EventBus } from '../events/event-bus';
import { createProcessTags } from '../platform/process-tags';
import { withOwners, type GpuOwners } from './gpu-owners';
import type { GpuSampler } from './gpu-sampler';
import { applyExclusions } from './nvidia-smi-probe';

/** Without a queue to name them: each process's job by its id only. */
const unnamedOwners: GpuOwners = { tags: createProcessTags(), jobName: () => null };

/** `gpus.list` answers the last sample (or takes one when there is none, or a fresh one when asked to). */
export function createGpuHandlers(
  sampler: GpuSampler,
  excludedGpus: () => readonly string[],
  owners: GpuOwners = unnamedOwners,
) {
  return {
    'gpus.list': async (request: { refresh?: boolean }): Promise<GpusListResponse> => {
      const sample: GpuInventory =
        request.refresh === true
          ? await sampler.sampleFresh()
          : (sampler.latest() ?? (await sampler.sampleNow()));
      return { ...withOwners(applyExclusions(sample, excludedGpus()), owners), history: sampler.history() };
    },
  };
}

/** Every sample goes out as `gpu.stats`, with the exclusions of the moment and whose each process is. */
export function publishGpuSamples(
  sampler: GpuSampler,
  events: EventBus,
  excludedGpus: () => readonly string[],
  owners: GpuOwners = unnamedOwners,
) {
  return sampler.onSample((sample) =>
    events.emit('gpu.stats', withOwners(applyExclusions(sample, excludedGpus()), owners)),
  );
}
