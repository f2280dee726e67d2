// The colour scheme and zoom were applied before this ran (public/boot.js), so nothing flashes.
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/pick-transport';
import { App } from './App';
import { colorSchemeManager } from './shell/color-scheme';
import { cssVariablesResolver } from './shell/css-variables';
import { landingRoute, landingRouteKey, routeOfHash } from './shell/landing-route';
import { MissingToken } from './shell/MissingToken';
import { theme } from './theme';

// A new link pasted into this tab (after the host restarted) changes only the fragment, which does not
// reload the page: start again so the new token is read. Registered before the router's own listeners,
// which must not see it: they would read "token=…" as a route and replace it with the queue's.
const takeNewLink = (event: Event): void => {
  if (!window.location.hash.includes('token=')) return;
  event.stopImmediatePropagation();
  window.location.reload();
};
window.addEventListener('popstate', takeNewLink);
window.addEventListener('hashchange', takeNewLink);

const root = createRoot(document.getElementById('root') as HTMLElement);
const linkedRoute = routeOfHash(window.location.hash);
const choice = pickTransport(window);
if (!choice.ok && linkedRoute) window.sessionStorage.setItem(landingRouteKey, linkedRoute);
if (choice.ok) {
  const landing = landingRoute(window.location.hash, window.sessionStorage.getItem(landingRouteKey));
  window.sessionStorage.removeItem(landingRouteKey);
  // Before the router starts, so it starts there (and Back does not lead to the queue first).
  if (landing) window.history.replaceState(null, '', `#${landing}`);
}
root.render(
  <StrictMode>
    {choice.ok ? (
      <App transport={choice.transport} />
    ) : (
      <MantineProvider
        theme={theme}
        colorSchemeManager={colorSchemeManager}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="auto"
      >
        <MissingToken keptRoute={linkedRoute} />
      </MantineProvider>
    )}
  </StrictMode>,
);
