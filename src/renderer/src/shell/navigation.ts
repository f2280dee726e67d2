/**
 * The main views in the order of the sidebar. Each has a path in the address (hash history) and a
 * digit key; part 2's views are listed already and say what comes.
 */
import {
  IconCpu,
  IconDatabase,
  IconListDetails,
  IconPencil,
  IconSettings,
  type Icon,
} from '@tabler/icons-react';

export type ViewId = 'queue' | 'editor' | 'datasets' | 'gpus' | 'settings';
export type ViewPath = `/${ViewId}`;

export interface NavEntry {
  id: ViewId;
  path: ViewPath;
  label: string;
  icon: Icon;
  /** The key that opens it (outside text fields). */
  key: string;
}

export const navEntries: readonly NavEntry[] = [
  { id: 'queue', path: '/queue', label: 'Queue', icon: IconListDetails, key: '1' },
  { id: 'editor', path: '/editor', label: 'Editor', icon: IconPencil, key: '2' },
  { id: 'datasets', path: '/datasets', label: 'Datasets', icon: IconDatabase, key: '3' },
  { id: 'gpus', path: '/gpus', label: 'GPUs', icon: IconCpu, key: '4' },
  { id: 'settings', path: '/settings', label: 'Settings', icon: IconSettings, key: '5' },
];

/** Which sidebar entry a path belongs to: a job's page belongs to the queue it came from. */
export function navEntryOfPath(pathname: string): ViewId | null {
  if (pathname.startsWith('/jobs/')) return 'queue';
  return (
    navEntries.find((entry) => pathname === entry.path || pathname.startsWith(`${entry.path}/`))?.id ?? null
  );
}

/** The window's title: "Queue — DPGui". */
export function titleOfPath(pathname: string): string {
  const id = navEntryOfPath(pathname);
  const label = pathname.startsWith('/jobs/') ? 'Job' : navEntries.find((entry) => entry.id === id)?.label;
  return label ? `${label} — DPGui` : 'DPGui';
}
