import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/contract';
import { createEventBus } from './event-bus';

describe('the event bus', () => {
  it('reaches every listener even when one of them throws, and reports the failure', () => {
    const failures: unknown[] = [];
    const bus = createEventBus((error) => failures.push(error));
    const seen: string[] = [];
    bus.subscribe('settings.changed', () => {
      throw new Error('a closed window');
    });
    bus.subscribe('settings.changed', (s) => seen.push(`one:${s.colorScheme}`));
    bus.subscribeAll((event) => seen.push(`all:${event}`));
    bus.emit('settings.changed', { ...defaultSettings, colorScheme: 'dark' });
    expect(seen).toEqual(['one:dark', 'all:settings.changed']);
    expect(failures).toHaveLength(1);
  });

  it('lets a listener unsubscribe while it is being called', () => {
    const bus = createEventBus();
    const calls: number[] = [];
    const stop = bus.subscribe('settings.changed', () => {
      calls.push(1);
      stop();
    });
    bus.subscribe('settings.changed', () => calls.push(2));
    bus.emit('settings.changed', { ...defaultSettings, colorScheme: 'light' });
    bus.emit('settings.changed', { ...defaultSettings, colorScheme: 'light' });
    expect(calls).toEqual([1, 2, 2]);
  });
});
