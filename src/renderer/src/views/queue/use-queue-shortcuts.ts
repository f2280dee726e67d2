/** The queue's keyboard shortcuts, added to the registry while the queue is shown (so `?` lists them). */
import { useMemo } from 'react';
import type { Shortcut } from '../../shell/shortcuts/shortcut-registry';
import { useShortcuts } from '../../shell/shortcuts/shortcuts-context';
import type { JobAction } from './job-actions';

export interface QueueCommands {
  select: (step: 1 | -1) => void;
  open: () => void;
  act: (action: JobAction | 'holdOrRelease') => void;
  togglePause: () => void;
  focusSearch: () => void;
}

/** Keys pressed inside an open menu or dialog belong to it, not to the list behind it. */
function inOverlay(event: KeyboardEvent): boolean {
  return event.target instanceof Element && event.target.closest('[role="menu"],[role="dialog"]') !== null;
}

export function useQueueShortcuts(commands: QueueCommands): void {
  const { select, open, act, togglePause, focusSearch } = commands;
  const shortcuts = useMemo<Shortcut[]>(() => {
    const entry = (id: string, hotkeys: string[], label: string, run: () => void): Shortcut => ({
      id: `queue.${id}`,
      hotkeys,
      label,
      group: 'Queue',
      run: (event) => {
        if (!inOverlay(event)) run();
      },
    });
    return [
      entry('next', ['arrowdown', 'j'], 'Select the next job', () => select(1)),
      entry('previous', ['arrowup', 'k'], 'Select the previous job', () => select(-1)),
      entry('open', ['o'], "Open the selected job's page", open),
      entry('moveUp', ['alt+arrowup'], 'Move the selected job up', () => act('moveUp')),
      entry('moveDown', ['alt+arrowdown'], 'Move the selected job down', () => act('moveDown')),
      entry('moveTop', ['alt+shift+arrowup'], 'Move the selected job to the top', () => act('moveTop')),
      entry('moveBottom', ['alt+shift+arrowdown'], 'Move the selected job to the bottom', () =>
        act('moveBottom'),
      ),
      entry('hold', ['h'], 'Hold or release the selected job', () => act('holdOrRelease')),
      entry('cancel', ['c'], 'Cancel the selected job', () => act('cancel')),
      entry('retry', ['r'], 'Retry the selected job', () => act('retry')),
      entry('pause', ['p'], 'Pause or resume the queue', togglePause),
      entry('search', ['/'], 'Search by name', focusSearch),
    ];
  }, [select, open, act, togglePause, focusSearch]);
  useShortcuts(shortcuts);
}
