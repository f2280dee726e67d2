/** The job page's keys for its tabs, added to the registry while the page is shown (`?` lists them). */
import { useMemo } from 'react';
import type { Shortcut } from '../../shell/shortcuts/shortcut-registry';
import { useShortcuts } from '../../shell/shortcuts/shortcuts-context';
import { jobTabLabels, jobTabs, type JobTab } from './job-tabs';

/** One letter each (the digits open the main views): Log, loss Graph, Samples, checKpoints, config Info. */
export const jobTabKeys: Record<JobTab, string> = {
  log: 'l',
  loss: 'g',
  samples: 's',
  checkpoints: 'k',
  config: 'i',
};

function inOverlay(event: KeyboardEvent): boolean {
  return event.target instanceof Element && event.target.closest('[role="menu"],[role="dialog"]') !== null;
}

export function useJobTabShortcuts(current: JobTab, show: (tab: JobTab) => void): void {
  const shortcuts = useMemo<Shortcut[]>(() => {
    const entry = (id: string, hotkeys: string[], label: string, run: () => void): Shortcut => ({
      id: `job.${id}`,
      hotkeys,
      label,
      group: 'Job page',
      run: (event) => {
        if (!inOverlay(event)) run();
      },
    });
    const at = jobTabs.indexOf(current);
    const step = (by: 1 | -1): JobTab => jobTabs[(at + by + jobTabs.length) % jobTabs.length] ?? 'log';
    return [
      ...jobTabs.map((tab) =>
        entry(`tab.${tab}`, [jobTabKeys[tab]], `Show the ${jobTabLabels[tab]} tab`, () => show(tab)),
      ),
      entry('tab.next', [']'], 'Show the next tab', () => show(step(1))),
      entry('tab.previous', ['['], 'Show the previous tab', () => show(step(-1))),
    ];
  }, [current, show]);
  useShortcuts(shortcuts);
}
