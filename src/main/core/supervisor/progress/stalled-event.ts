/**
 * The "stalled" warning: a running job printed nothing for the time set in the settings. Said once per
 * silence (the watch says it again only after the trainer printed something), on the host's stderr and
 * as a job.stalled event.
 */
import type { JobStalledEvent } from '../../../../shared/contract';

export function stalledEvent(job: { id: string; name: string }, silentMs: number): JobStalledEvent {
  const seconds = Math.max(1, Math.round(silentMs / 1000));
  const silence = seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return {
    jobId: job.id,
    silentSeconds: Math.max(0, Math.round(silentMs / 1000)),
    message:
      `Job "${job.name}" (${job.id}) has printed nothing for ${silence}: it may be stuck, or busy with ` +
      'a long step. Look at its log and its GPU use; stop it if nothing moves.',
  };
}
