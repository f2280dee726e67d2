import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/pick-transport';
import { App } from './App';
import { MissingToken } from './shell/MissingToken';
import { theme } from './theme';

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
