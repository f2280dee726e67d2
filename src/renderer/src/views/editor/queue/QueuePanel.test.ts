// @vitest-environment happy-dom
/**
 * The Queue tab with live validation against a host the test plays: blocked while an error stands
 * (naming it, as a link), unblocked once the fix is checked, and queued with what the panel shows.
 */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import { LiveStateProvider } from '../../../api/live-state/LiveStateProvider';
import type { EditorSchema } from '../state/editor-schema';
import { createEditorStore, type EditorOrigin, type EditorStore } from '../state/editor-store';
import { EditorStoreContext } from '../state/use-editor';
import { useLiveValidation } from '../validation/use-live-validation';
import { QueuePanel } from './QueuePanel';

afterEach(cleanup);

const schema = {
  trainer: 'sd-scripts',
  label: 'sd-scripts',
  families: [{ id: 'sdxl', label: 'SDXL' }],
  sections: [],
  conflicts: [],
  source: 'built-in',
  schema: { type: 'object', properties: { network_dim: { type: 'integer' } } },
  defaults: { sdxl: { network_dim: 16 } },
} as unknown as EditorSchema;

const rankError = {
  path: 'values.network_dim',
  label: 'Rank (dim)',
  severity: 'error',
  message: 'must be at least 1',
};

function Harness({ store, onQueued, goTo }: { store: EditorStore; onQueued: () => void; goTo: () => void }) {
  useLiveValidation(store, store.getState().origin.kind === 'job' ? 'j1' : undefined);
  return createElement(QueuePanel, {
    goTo,
    onQueued,
    gpus: { count: 1, chosen: [] },
    onGpus: () => undefined,
  });
}

function renderPanel(origin: EditorOrigin = { kind: 'new' }) {
  const fake = createFakeTransport();
  const store = createEditorStore(
    schema,
    { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 0 } },
    origin,
  );
  const onQueued = vi.fn();
  const goTo = vi.fn();
  const tree = (children: ReactNode) =>
    createElement(
      MantineProvider,
      null,
      createElement(Notifications),
      createElement(TransportProvider, {
        transport: fake.transport,
        children: createElement(
          LiveStateProvider,
          null,
          createElement(EditorStoreContext.Provider, { value: store }, children),
        ),
      }),
    );
  render(tree(createElement(Harness, { store, onQueued, goTo })));
  return { fake, store, onQueued, goTo };
}

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

describe('the Queue tab', () => {
  it('is blocked while an error stands, links to it, and queues once the fix is checked', async () => {
    const { fake, store, onQueued, goTo } = renderPanel();
    await waitFor(() => expect(fake.pending('configs.validate')).toHaveLength(1));
    act(() => {
      fake.answer('configs.validate', { valid: false, issues: [rankError], greyed: [] });
    });
    await waitFor(() => expect(button('Add to queue').disabled).toBe(true));
    expect(screen.getByTestId('queue-blocked').textContent).toContain('Fix this error first:');
    fireEvent.click(screen.getByText('Rank (dim)'));
    expect(goTo).toHaveBeenCalledWith('network_dim');

    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 8, at: Date.now() }));
    await waitFor(() => expect(fake.pending('configs.validate')).toHaveLength(1));
    expect((fake.pending('configs.validate')[0]?.payload as { config: unknown }).config).toEqual({
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: { network_dim: 8 },
    });
    act(() => {
      fake.answer('configs.validate', { valid: true, issues: [], greyed: [] });
    });
    await waitFor(() => expect(button('Add to queue').disabled).toBe(false));

    fireEvent.click(button('Add to queue'));
    await waitFor(() => expect(fake.pending('jobs.enqueue')).toHaveLength(1));
    expect(fake.pending('jobs.enqueue')[0]?.payload).toEqual({
      name: 'SDXL LoRA',
      config: { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 8 } },
      gpus: { count: 1 },
    });
    act(() => {
      fake.answer('jobs.enqueue', { id: 'new-job', name: 'SDXL LoRA' });
    });
    await waitFor(() => expect(onQueued).toHaveBeenCalledWith({ id: 'new-job', name: 'SDXL LoRA' }));
  });

  it('a queued job being edited is saved with jobs.replace, its own output not a clash', async () => {
    const { fake } = renderPanel({ kind: 'job', jobId: 'j1', name: 'cats', mode: 'edit' });
    await waitFor(() => expect(fake.pending('configs.validate')).toHaveLength(1));
    expect(fake.pending('configs.validate')[0]?.payload).toMatchObject({ jobId: 'j1' });
    act(() => {
      fake.answer('configs.validate', { valid: true, issues: [], greyed: [] });
    });
    await waitFor(() => expect(button('Save changes to the queued job').disabled).toBe(false));
    fireEvent.click(button('Save changes to the queued job'));
    await waitFor(() => expect(fake.pending('jobs.replace')).toHaveLength(1));
    expect(fake.pending('jobs.replace')[0]?.payload).toMatchObject({
      id: 'j1',
      name: 'cats',
      gpus: { count: 1 },
    });
  });
});
