import type { Settings, SettingsPatch } from '../../../shared/contract';
import type { EventBus } from '../events/event-bus';
import type { SettingsStore } from './settings-store';

export function createSettingsHandlers(store: SettingsStore, events: EventBus) {
  return {
    'settings.get': (): Settings => store.get(),
    'settings.set': (patch: SettingsPatch): Settings => {
      const { settings, changed } = store.update(patch);
      if (changed) events.emit('settings.changed', settings);
      return settings;
    },
  };
}
