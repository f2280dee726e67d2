import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/contract';
import { useClient, useReconnects } from '../api/client-context';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  save(patch: SettingsPatch): Promise<void>;
}

/** The settings as the host has them, kept current by settings.changed from any window or client. */
export function useSettings(): SettingsState {
  const client = useClient();
  const reconnects = useReconnects();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => client.subscribe('settings.changed', (next) => setSettings(next)), [client]);
  // Read at start and after every reconnect: a change made while the tunnel was down sent no event here.
  useEffect(() => {
    let live = true;
    client.request('settings.get', {}).then(
      (value) => live && setSettings(value),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [client, reconnects]);

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
