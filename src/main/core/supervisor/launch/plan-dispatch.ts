/**
 * Which waiting jobs start now, on which GPUs, and why every other one waits: one slot per GPU, jobs
 * in queue order, from the last GPU sample (no nvidia-smi call on the dispatch path). Pure; the
 * supervisor calls it on every event that can let a job start. The planner takes the jobs one at a
 * time and says when no job that asks for GPUs can start any more, so that a dispatch reads a long
 * queue only as far as that (and then only the jobs that ask for none).
 */

export interface PoolGpu {
  uuid: string;
  /** nvidia-smi index (PCI bus order). */
  index: number;
  freeMemoryMiB: number | null;
  /** The settings exclude it. */
  excluded: boolean;
  /** A job of ours holds it (its tree is not known to be gone yet). */
  busy: boolean;
  /** Processes not started by DPGui hold memory on it. */
  strangers: number;
}

export interface WaitingJob {
  id: string;
  name: string;
  gpus: { count: number; include?: readonly string[] };
  /**
   * diffusion-pipe only: `<dataset folder>\u0000<model type>` for each dataset; its cache in the
   * dataset folder has no locking, so two jobs sharing one never run at once.
   */
  sharedCacheKeys?: readonly string[];
}

export interface RunningJob {
  id: string;
  name: string;
  sharedCacheKeys?: readonly string[];
}

export interface DispatchInput {
  gpus: readonly PoolGpu[];
  /** Jobs in state `queued`, in queue order (held jobs are not here: they block nobody). */
  waiting: readonly WaitingJob[];
  running: readonly RunningJob[];
  letSmallerJobsPass: boolean;
  minFreeGpuMemoryMiB: number;
}

export interface DispatchPlan {
  start: { jobId: string; gpuUuids: string[] }[];
  waiting: { jobId: string; reason: string }[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface DispatchPlanner {
  /** Plans the next waiting job, in queue order. */
  offer(job: WaitingJob): void;
  /**
   * Whether a job that asks for GPUs may still start: not once every GPU is taken, nor once a job
   * waits first in line and the settings do not let smaller jobs pass. Jobs that ask for none may.
   */
  gpuJobsMayStart(): boolean;
  plan(): DispatchPlan;
}

export function planDispatch(input: DispatchInput): DispatchPlan {
  const planner = createDispatchPlanner(input);
  for (const job of input.waiting) planner.offer(job);
  return planner.plan();
}

export function createDispatchPlanner(input: Omit<DispatchInput, 'waiting'>): DispatchPlanner {
  const plan: DispatchPlan = { start: [], waiting: [] };
  const usable = (gpu: PoolGpu): boolean =>
    !gpu.excluded &&
    !(gpu.strangers > 0 && gpu.freeMemoryMiB !== null && gpu.freeMemoryMiB < input.minFreeGpuMemoryMiB);
  const free = new Set(input.gpus.filter((gpu) => usable(gpu) && !gpu.busy).map((gpu) => gpu.uuid));
  const cacheHolders = new Map<string, string>();
  for (const job of input.running)
    for (const key of job.sharedCacheKeys ?? []) cacheHolders.set(key, job.name);
  /** The first job that waits for GPUs; without "let smaller jobs pass", the ones behind it wait too. */
  let blockedBy: WaitingJob | null = null;

  const offer = (job: WaitingJob): void => {
    const wait = (reason: string): void => {
      plan.waiting.push({ jobId: job.id, reason });
    };
    const allowed = input.gpus.filter(
      (gpu) => !gpu.excluded && (job.gpus.include === undefined || job.gpus.include.includes(gpu.uuid)),
    );
    // A request no pool can ever meet must not hold up the queue behind it.
    if (job.gpus.count > allowed.length) {
      wait(
        job.gpus.include
          ? `It asks for ${plural(job.gpus.count, 'GPU')} among ${plural(job.gpus.include.length, 'named GPU')}, of which ${allowed.length} can be used (missing or excluded in the settings).`
          : `It asks for ${plural(job.gpus.count, 'GPU')}; this machine has ${allowed.length} that can be used.`,
      );
      return;
    }
    const sharedWith = (job.sharedCacheKeys ?? [])
      .map((key) => [key, cacheHolders.get(key)] as const)
      .find(([, holder]) => holder);
    if (sharedWith) {
      const [key, holder] = sharedWith;
      const [dataset, modelType] = key.split('\u0000');
      wait(
        `It shares the dataset cache of ${dataset ?? key}${modelType ? ` (model type ${modelType})` : ''} with "${holder ?? ''}", which is running; diffusion-pipe's cache cannot be written by two jobs at once.`,
      );
      return;
    }
    if (job.gpus.count > 0 && blockedBy !== null && !input.letSmallerJobsPass) {
      wait(
        `It waits behind "${blockedBy.name}", which is first in the queue (the settings do not let smaller jobs pass).`,
      );
      return;
    }
    const candidates = allowed
      .filter((gpu) => free.has(gpu.uuid))
      .sort((a, b) => a.index - b.index)
      .slice(0, job.gpus.count);
    if (candidates.length < job.gpus.count) {
      const lowMemory = allowed.filter(
        (gpu) =>
          !gpu.busy &&
          gpu.strangers > 0 &&
          gpu.freeMemoryMiB !== null &&
          gpu.freeMemoryMiB < input.minFreeGpuMemoryMiB,
      );
      wait(
        `It waits for ${plural(job.gpus.count, 'free GPU')}; ${candidates.length} ${candidates.length === 1 ? 'is' : 'are'} free now` +
          (lowMemory.length > 0
            ? ` (${lowMemory.map((gpu) => `GPU ${gpu.index}`).join(', ')}: another program holds memory, less than ${input.minFreeGpuMemoryMiB} MiB free).`
            : '.'),
      );
      blockedBy ??= job;
      return;
    }
    for (const gpu of candidates) free.delete(gpu.uuid);
    for (const key of job.sharedCacheKeys ?? []) cacheHolders.set(key, job.name);
    plan.start.push({ jobId: job.id, gpuUuids: candidates.map((gpu) => gpu.uuid) });
  };
  return {
    offer,
    gpuJobsMayStart: () => free.size > 0 && (blockedBy === null || input.letSmallerJobsPass),
    plan: () => plan,
  };
}
