/**
 * A job's artifacts (jobs.artifacts) kept current by job.artifact: each saved file once, by path, in
 * the order they were saved. A sample saved before the checkpoint of its step (sd-scripts samples,
 * then saves) gets that checkpoint's path once it comes, as the host's own index would link it.
 */
import type { Artifact, EventPayloadOf, JobArtifacts } from '../../../../shared/contract';

export type JobArtifactEvent = EventPayloadOf<'job.artifact'>;

const sameSave = (sample: Artifact, checkpoint: Artifact): boolean =>
  (sample.step !== null && sample.step === checkpoint.step) ||
  (sample.epoch !== null && sample.epoch === checkpoint.epoch);

export function applyJobArtifact(current: JobArtifacts, event: JobArtifactEvent): JobArtifacts {
  if (event.jobId !== current.jobId) return current;
  const added = event.artifact;
  // Already held: the snapshot read after it knows at least as much.
  if (current.items.some((item) => item.path === added.path)) return current;
  const checkpoints = current.items.filter((item) => item.kind === 'checkpoint');
  const linked =
    added.kind === 'sample' && added.checkpoint === null
      ? { ...added, checkpoint: checkpoints.find((c) => sameSave(added, c))?.path ?? null }
      : added;
  const items =
    added.kind === 'checkpoint'
      ? current.items.map((item) =>
          item.kind === 'sample' && item.checkpoint === null && sameSave(item, added)
            ? { ...item, checkpoint: added.path }
            : item,
        )
      : current.items;
  return { ...current, items: [...items, linked] };
}

/** The same for several jobs' artifacts held side by side (the compare view). */
export function applyJobsArtifact(current: readonly JobArtifacts[], event: JobArtifactEvent): JobArtifacts[] {
  const next = current.map((held) => applyJobArtifact(held, event));
  return next.some((list, i) => list !== current[i]) ? next : (current as JobArtifacts[]);
}
