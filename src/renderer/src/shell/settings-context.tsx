/** The host's settings, read once for the frame (colour scheme) and the Settings view. */
import { useMantineColorScheme } from '@mantine/core';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useSettings, type SettingsState } from '../settings/use-settings';

const SettingsContext = createContext<SettingsState | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const settings = useSettings();
  return (
    <SettingsContext.Provider value={settings}>
      <ColorSchemeFromSettings scheme={settings.settings?.colorScheme} />
      {children}
    </SettingsContext.Provider>
  );
}

export function useSettingsState(): SettingsState {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettingsState outside SettingsProvider');
  return settings;
}

/**
 * Applies the host's colour scheme once it is known (and whenever another client changes it); Mantine
 * stores it in localStorage, where boot.js finds it before the next start's first paint.
 */
function ColorSchemeFromSettings({ scheme }: { scheme: 'auto' | 'light' | 'dark' | undefined }) {
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    if (scheme) setColorScheme(scheme);
  }, [scheme, setColorScheme]);
  return null;
}
