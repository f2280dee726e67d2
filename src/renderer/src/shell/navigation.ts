import { IconCpu, IconListDetails, IconPlayerPlay, IconSettings, type Icon } from '@tabler/icons-react';

export type ViewId = 'queue' | 'jobs' | 'gpus' | 'settings';

export const views: { id: ViewId; label: string; icon: Icon }[] = [
  { id: 'queue', label: 'Queue', icon: IconListDetails },
  { id: 'jobs', label: 'Jobs', icon: IconPlayerPlay },
  { id: 'gpus', label: 'GPUs', icon: IconCpu },
  { id: 'settings', label: 'Settings', icon: IconSettings },
];
