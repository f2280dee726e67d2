/**
 * The header's "stop and save" slot. Where the trainer can save on request (diffusion-pipe) it is that;
 * where it cannot (sd-scripts: the ability's reason says so) and the job is running, it becomes a plain
 * "Stop" that cancels (confirmed), and says the run can be resumed from its last saved state later.
 */
import type { Job } from '../../../../../shared/contract';

export type StopChoice =
  { kind: 'stopAndSave'; allowed: boolean; tooltip: string } | { kind: 'stop'; tooltip: string };

const started = ['starting', 'running'];

export function stopChoice(job: Pick<Job, 'status' | 'abilities'>): StopChoice {
  const { stopAndSave, cancel } = job.abilities;
  if (stopAndSave.allowed) {
    return { kind: 'stopAndSave', allowed: true, tooltip: 'Save a checkpoint now, then stop the training.' };
  }
  const why = stopAndSave.reason ?? 'It cannot save on request now.';
  if (cancel.allowed && started.includes(job.status)) {
    return {
      kind: 'stop',
      tooltip: `${why} Stop ends it now; resume it later from its last saved state with "Resume".`,
    };
  }
  return { kind: 'stopAndSave', allowed: false, tooltip: `Stop and save: ${why}` };
}
