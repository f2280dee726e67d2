// @vitest-environment happy-dom
/**
 * The draft slot and what the keeper sends the host: a draft a moment after an edit (the newest
 * config), none for a config taken back to where it started, and the slot of a job being edited.
 */
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import type { EditorSchema } from '../state/editor-schema';
import { createEditorStore, type EditorOrigin } from '../state/editor-store';
import { fromDraftOrigin, slotOf, toDraftOrigin } from './draft-slot';
import { useDraftKeeper } from './use-draft-keeper';

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

const start = { trainer: 'sd-scripts' as const, family: 'sdxl', values: { network_dim: 16 } };

function keep(origin: EditorOrigin) {
  const fake = createFakeTransport();
  const store = createEditorStore(schema, start, origin);
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(TransportProvider, { transport: fake.transport, children });
  const hook = renderHook(() => useDraftKeeper(store), { wrapper });
  return { fake, store, hook };
}

describe('drafts', () => {
  it('a job being edited has its own slot; everything else is the new config slot', () => {
    expect(slotOf({ kind: 'job', jobId: 'j1', name: 'cats', mode: 'edit' })).toBe('job:j1');
    expect(slotOf({ kind: 'job', jobId: 'j1', name: 'cats', mode: 'clone' })).toBe('new');
    expect(slotOf({ kind: 'preset', presetId: 'p', name: 'P', builtIn: true })).toBe('new');
    const origin: EditorOrigin = { kind: 'job', jobId: 'j1', name: 'cats', mode: 'edit' };
    expect(fromDraftOrigin(toDraftOrigin(origin))).toEqual(origin);
    expect(fromDraftOrigin({ kind: 'job', jobId: 'j1' })).toEqual({ kind: 'new' });
  });

  it('keeps the newest config after an edit, and removes the draft when the edit is undone', async () => {
    const { fake, store, hook } = keep({ kind: 'job', jobId: 'j1', name: 'cats', mode: 'edit' });
    expect(fake.pending()).toEqual([]);
    act(() => {
      store.dispatch({ type: 'set', path: 'network_dim', value: 3, at: 1 });
      store.dispatch({ type: 'set', path: 'network_dim', value: 32, at: 2 });
    });
    expect(hook.result.current.status).toEqual({ state: 'saving' });
    await waitFor(() => expect(fake.pending('drafts.save')).toHaveLength(1));
    expect(fake.pending('drafts.save')[0]?.payload).toEqual({
      slot: 'job:j1',
      config: { ...start, values: { network_dim: 32 } },
      origin: { kind: 'job', jobId: 'j1', name: 'cats', mode: 'edit' },
    });
    act(() => {
      fake.answer('drafts.save', { savedAt: '2026-12-07T18:00:00.000Z' });
    });
    await waitFor(() =>
      expect(hook.result.current.status).toEqual({ state: 'saved', savedAt: '2026-12-07T18:00:00.000Z' }),
    );

    act(() => store.dispatch({ type: 'undo' }));
    await waitFor(() => expect(fake.pending('drafts.discard')).toHaveLength(1));
    expect(fake.pending('drafts.discard')[0]?.payload).toEqual({ slot: 'job:j1' });
  });

  it('writes what waits at once when the page is hidden', () => {
    const { fake, store } = keep({ kind: 'new' });
    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 8, at: 1 }));
    expect(fake.pending('drafts.save')).toHaveLength(0);
    window.dispatchEvent(new Event('pagehide'));
    expect(fake.pending('drafts.save')).toHaveLength(1);
    expect(fake.pending('drafts.save')[0]?.payload).toMatchObject({ slot: 'new', origin: { kind: 'new' } });
  });
});
