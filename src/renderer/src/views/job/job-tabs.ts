/** The job page's tabs, as they live in the address (`#/jobs/<id>?tab=loss`; log when absent). */
export const jobTabs = ['log', 'loss', 'samples', 'checkpoints', 'config'] as const;
export type JobTab = (typeof jobTabs)[number];

export const jobTabLabels: Record<JobTab, string> = {
  log: 'Log',
  loss: 'Loss',
  samples: 'Samples',
  checkpoints: 'Checkpoints',
  config: 'Config',
};

export interface JobSearch {
  tab?: Exclude<JobTab, 'log'>;
  /** On the Checkpoints tab: the path of the checkpoint to highlight (a sample's link to its checkpoint). */
  checkpoint?: string;
}

/** The route's validateSearch: an unknown tab falls back to the log (kept out of the address). */
export function validateJobSearch(raw: Record<string, unknown>): JobSearch {
  const tab = raw.tab;
  if (typeof tab === 'string' && tab !== 'log' && (jobTabs as readonly string[]).includes(tab)) {
    const checkpoint = raw.checkpoint;
    if (tab === 'checkpoints' && typeof checkpoint === 'string' && checkpoint !== '')
      return { tab, checkpoint };
    return { tab: tab as Exclude<JobTab, 'log'> };
  }
  return {};
}
