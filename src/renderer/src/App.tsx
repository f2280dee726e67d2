import { MantineProvider } from '@mantine/core';
import { TransportProvider } from './api/client-context';
import type { Transport } from './api/transport';
import { useSettings } from './settings/use-settings';
import { AppFrame } from './shell/AppFrame';
import { theme } from './theme';

function ThemedApp() {
  const settings = useSettings();
  const scheme = settings.settings?.colorScheme ?? 'auto';
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      forceColorScheme={scheme === 'auto' ? undefined : scheme}
    >
      <AppFrame settings={settings} />
    </MantineProvider>
  );
}

export function App({ transport }: { transport: Transport }) {
  return (
    <TransportProvider transport={transport}>
      <ThemedApp />
    </TransportProvider>
  );
}
