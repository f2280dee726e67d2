/** The actions a queue row offers, each tied to the job ability that says whether it can be asked now. */
import type { JobAbility, JobAbilityName, JobSummary } from '../../../../shared/contract';

export const jobActions = [
  'hold',
  'release',
  'cancel',
  'retry',
  'resume',
  'delete',
  'moveUp',
  'moveDown',
  'moveTop',
  'moveBottom',
] as const;
export type JobAction = (typeof jobActions)[number];

const abilityOf: Record<JobAction, JobAbilityName> = {
  hold: 'hold',
  release: 'release',
  cancel: 'cancel',
  retry: 'retry',
  resume: 'resume',
  delete: 'delete',
  moveUp: 'reorder',
  moveDown: 'reorder',
  moveTop: 'reorder',
  moveBottom: 'reorder',
};

export const actionLabels: Record<JobAction, string> = {
  hold: 'Hold',
  release: 'Release',
  cancel: 'Cancel',
  retry: 'Retry',
  resume: 'Resume from the last save',
  delete: 'Delete',
  moveUp: 'Move up',
  moveDown: 'Move down',
  moveTop: 'Move to the top',
  moveBottom: 'Move to the bottom',
};

/** Whether the job can be asked this now, and if not, the host's reason (the tooltip of the greyed button). */
export function actionAbility(job: JobSummary, action: JobAction): JobAbility {
  return job.abilities[abilityOf[action]];
}

/** A started job loses its progress since the last save when canceled: that one is confirmed first. */
export function cancelNeedsConfirmation(job: JobSummary): boolean {
  return job.status === 'starting' || job.status === 'running' || job.status === 'stopping';
}

/** Hold and release share one button: the one that applies to the job's state. */
export function holdOrRelease(job: JobSummary): 'hold' | 'release' {
  return job.status === 'held' ? 'release' : 'hold';
}
