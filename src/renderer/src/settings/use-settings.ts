import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/contract';
import { useClient } from '../api/client-context';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  save(patch: SettingsPatch): Promise<void>;
}

/** The settings as the host has them, kept current by settings.changed from any window or client. */
export function useSettings(): SettingsState {
  const client = useClient();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const unsubscribe = client.subscribe('settings.changed', (next) => setSettings(next));
    client.request('settings.get', {}).then(
      (value) => live && setSettings(value),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);

  const save = useCallback(
    async (patch: SettingsPatch) => {
      try {
        setSettings(await client.request('settings.set', patch));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [client],
  );

  return { settings, error, save };
}
