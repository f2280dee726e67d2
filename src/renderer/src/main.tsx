import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/pick-transport';
import { App } from './App';
import { MissingToken } from './shell/MissingToken';
import { theme } from './theme';

// A new link pasted into this tab (after the host restarted) changes only the fragment, which does not
// reload the page: start again so the new token is read.
window.addEventListener('hashchange', () => {
  if (window.location.hash.includes('token=')) window.location.reload();
});

const root = createRoot(document.getElementById('root') as HTMLElement);
const choice = pickTransport(window);
root.render(
  <StrictMode>
    {choice.ok ? (
      <App transport={choice.transport} />
    ) : (
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <MissingToken />
      </MantineProvider>
    )}
  </StrictMode>,
);
