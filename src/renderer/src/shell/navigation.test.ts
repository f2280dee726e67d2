import { describe, expect, it } from 'vitest';
import { navEntries, navEntryOfPath, titleOfPath } from './navigation';

describe('navigation', () => {
  it('lists the views in the sidebar order, each with its own key', () => {
    expect(navEntries.map((entry) => entry.label)).toEqual([
      'Queue',
      'Editor',
      'Datasets',
      'GPUs',
      'Settings',
    ]);
    expect(new Set(navEntries.map((entry) => entry.key)).size).toBe(navEntries.length);
  });

  it('marks the view a path belongs to, a job page under the queue', () => {
    expect(navEntryOfPath('/gpus')).toBe('gpus');
    expect(navEntryOfPath('/jobs/j-17')).toBe('queue');
    expect(navEntryOfPath('/gpusx')).toBeNull();
    expect(navEntryOfPath('/nowhere')).toBeNull();
  });

  it('names the window after the view', () => {
    expect(titleOfPath('/settings')).toBe('Settings — DPGui');
    expect(titleOfPath('/jobs/j-17')).toBe('Job — DPGui');
    expect(titleOfPath('/nowhere')).toBe('DPGui');
  });
});
