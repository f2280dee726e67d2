// @vitest-environment happy-dom
/**
 * The window-wide drop against a host the test plays: a view's handler takes the files it wants; a
 * folder no view takes becomes a dataset where the host gives paths (the desktop app), and a browser
 * is told to type the path instead.
 */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportProvider } from '../../api/client-context';
import { createFakeTransport } from '../../api/live-state/fake-transport';
import { LiveStateProvider } from '../../api/live-state/LiveStateProvider';
import { AppInfoProvider } from '../app-info-context';
import { useDropHandler, WindowDrop } from './WindowDrop';
import type { DropHandler } from './drop-handlers';

afterEach(() => {
  cleanup();
  delete (window as { dpguiHost?: unknown }).dpguiHost;
});

const appInfo = (droppedFilePaths: boolean) => ({
  name: 'DPGui',
  version: '0.1.0',
  host: droppedFilePaths ? 'electron' : 'headless',
  dataDir: '/data',
  platform: 'linux',
  pid: 1,
  startedAt: '2026-01-01T00:00:00Z',
  notices: [],
  capabilities: {
    nativeDialogs: droppedFilePaths,
    openFolder: droppedFilePaths,
    droppedFilePaths,
    typedPaths: true,
    uploads: !droppedFilePaths,
    downloads: !droppedFilePaths,
  },
});

function View({ handler }: { handler: DropHandler }): ReactNode {
  useDropHandler(handler);
  return createElement('p', null, 'a view');
}

async function mount(droppedFilePaths: boolean, handler: DropHandler) {
  if (droppedFilePaths)
    (window as { dpguiHost?: unknown }).dpguiHost = { pathForFile: (file: File) => `/home/me/${file.name}` };
  const fake = createFakeTransport();
  render(
    createElement(
      MantineProvider,
      null,
      createElement(Notifications),
      createElement(TransportProvider, {
        transport: fake.transport,
        children: createElement(
          LiveStateProvider,
          null,
          createElement(
            AppInfoProvider,
            null,
            createElement(WindowDrop, null, createElement(View, { handler })),
          ),
        ),
      }),
    ),
  );
  await waitFor(() => expect(fake.pending('app.info')).toHaveLength(1));
  act(() => void fake.answer('app.info', appInfo(droppedFilePaths)));
  await screen.findByText('a view');
  // The overlay's words follow the host's capabilities once app.info is in.
  act(() => void window.dispatchEvent(dragEvent('dragenter', [])));
  await waitFor(() =>
    expect(screen.getByTestId('drop-overlay').textContent).toContain(
      droppedFilePaths ? 'A folder becomes a dataset' : 'type or paste its path',
    ),
  );
  act(() => void window.dispatchEvent(dragEvent('dragleave', [])));
  return fake;
}

/** A drag event carrying these items, as the browser builds one (a folder's entry says isDirectory). */
function dragEvent(type: string, items: { name: string; folder: boolean }[]): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const files = items.map((item) => new File(['x'], item.name));
  Object.defineProperty(event, 'dataTransfer', {
    value: {
      types: ['Files'],
      dropEffect: 'none',
      items: items.map((item, i) => ({
        kind: 'file',
        getAsFile: () => files[i],
        webkitGetAsEntry: () => ({ isDirectory: item.folder }),
      })),
    },
  });
  return event;
}

describe('WindowDrop', () => {
  it('shows the overlay while files are dragged over the window', async () => {
    await mount(false, () => false);
    act(() => void window.dispatchEvent(dragEvent('dragenter', [{ name: 'cats', folder: true }])));
    expect(screen.getByTestId('drop-overlay').textContent).toContain('type or paste its path in Datasets');
    act(() => void window.dispatchEvent(dragEvent('dragleave', [{ name: 'cats', folder: true }])));
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
  });

  it('gives a view the dropped files with their paths, and does nothing more when it takes them', async () => {
    const handler = vi.fn<DropHandler>(() => true);
    const fake = await mount(true, handler);
    act(() => void window.dispatchEvent(dragEvent('drop', [{ name: 'run.toml', folder: false }])));
    expect(handler).toHaveBeenCalledTimes(1);
    const [files, paths] = handler.mock.calls[0] ?? [[], []];
    expect(files.map((f) => f.name)).toEqual(['run.toml']);
    expect(paths).toEqual(['/home/me/run.toml']);
    expect(fake.pending('datasets.register')).toHaveLength(0);
  });

  it('registers a folder no view takes as a dataset in the desktop app', async () => {
    const fake = await mount(true, () => false);
    act(() => void window.dispatchEvent(dragEvent('drop', [{ name: 'cats', folder: true }])));
    await waitFor(() => expect(fake.pending('datasets.register')).toHaveLength(1));
    const payload = fake.answer('datasets.register', {
      id: 'ds1',
      name: 'cats',
      path: '/home/me/cats',
      registeredAt: '2026-01-01T00:00:00Z',
      scan: null,
    });
    expect(payload).toEqual({ path: '/home/me/cats' });
    await waitFor(() => expect(fake.pending('datasets.scan')).toHaveLength(1));
    expect((await screen.findAllByText('Added “cats” as a dataset')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('Open it in Datasets')[0]?.getAttribute('href')).toBe('#/datasets?id=ds1');
  });

  it('tells a browser user to type the path of a dropped folder', async () => {
    const fake = await mount(false, () => false);
    act(() => void window.dispatchEvent(dragEvent('drop', [{ name: 'cats', folder: true }])));
    expect((await screen.findAllByText(/type or paste the folder's path/)).length).toBeGreaterThan(0);
    expect(fake.pending('datasets.register')).toHaveLength(0);
  });
});
