import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { TransportProvider } from './api/client-context';
import { LiveStateProvider } from './api/live-state';
import type { Transport } from './api/transport';
import { AppInfoProvider } from './shell/app-info-context';
import { colorSchemeManager } from './shell/color-scheme';
import { cssVariablesResolver } from './shell/css-variables';
import { createAppRouter } from './shell/router';
import { SettingsProvider } from './shell/settings-context';
import { ShortcutsProvider } from './shell/shortcuts/shortcuts-context';
import { theme } from './theme';

/**
 * The app once a transport is chosen: server state (live-state), Mantine with the remembered colour
 * scheme, app.info and the settings for the whole frame, the shortcut registry, then the routes.
 */
export function App({ transport }: { transport: Transport }) {
  // Made after main.tsx took the token out of the address, so the router starts from the real route.
  const [router] = useState(createAppRouter);
  return (
    <TransportProvider transport={transport}>
      <LiveStateProvider>
        <MantineProvider
          theme={theme}
          colorSchemeManager={colorSchemeManager}
          cssVariablesResolver={cssVariablesResolver}
          defaultColorScheme="auto"
        >
          {/* Confirmations and action errors (modals.open…, notifications.show) render here. */}
          <Notifications position="bottom-right" />
          <ModalsProvider>
            <AppInfoProvider>
              <SettingsProvider>
                <ShortcutsProvider>
                  <RouterProvider router={router} />
                </ShortcutsProvider>
              </SettingsProvider>
            </AppInfoProvider>
          </ModalsProvider>
        </MantineProvider>
      </LiveStateProvider>
    </TransportProvider>
  );
}
