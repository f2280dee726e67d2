import { useCallback, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/contract';
import { useClient } from '../api/client-context';
import { liveRequest, on, useLive } from '../api/live-state';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  save(patch: SettingsPatch): Promise<void>;
}

/** settings.changed carries the whole settings: the newest replaces what is held. */
const settingsSpec = liveRequest('settings.get', {}, [on('settings.changed', (_held, next) => next)]);

/** The settings as the host has them, kept current by settings.changed from any window or client. */
export function useSettings(): SettingsState {
  const client = useClient();
  const live = useLive(settingsSpec);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { set } = live;

  const save = useCallback(
    async (patch: SettingsPatch) => {
      try {
        set(await client.request('settings.set', patch));
        setSaveError(null);
      } catch (e) {
        setSaveError((e as Error).message);
      }
    },
    [client, set],
  );

  return { settings: live.data ?? null, error: saveError ?? live.error, save };
}
