/**
 * The editor (`#/editor`, `#/editor?job=<id>&mode=edit|clone`, `#/editor?preset=<id>`): reads what the
 * address opens, the trainer's form, and makes the editor's store; a trainer switch (or a file or
 * preset of another trainer) makes a new store for that trainer.
 */
import { Alert, Center, Loader, Stack, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../../api/client-context';
import { useStoredDraft } from './draft/DraftOffer';
import { slotOf, type DraftSlot } from './draft/draft-slot';
import { EditorPage } from './page/EditorPage';
import { sourceOf, type EditorSearch, type EditorSource } from './page/editor-search';
import { prefetchForm, seedOf, storeOf, type EditorSeed } from './page/load-editor';
import type { EditorStore } from './state/editor-store';

const editorRoute = getRouteApi('/editor');

type Loading =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** `serial`: a new one for each store, so the page starts afresh with it. */
  | { status: 'ready'; seed: EditorSeed; store: EditorStore; serial: number };

const serialOf = (loading: Loading): number => (loading.status === 'ready' ? loading.serial : 0);

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === ''
    ? 'The host gave no reason. Check the connection and reload the page.'
    : message;
}

function EditorLoader({ source }: { source: EditorSource }): ReactNode {
  const client = useClient();
  const [seed, setSeed] = useState<EditorSeed | null>(null);
  const [loading, setLoading] = useState<Loading>({ status: 'loading' });
  // The draft slot is the one the editor opened with (a trainer switch keeps it).
  const [slot, setSlot] = useState<DraftSlot | null>(null);
  const stored = useStoredDraft(slot);

  useEffect(() => {
    let live = true;
    prefetchForm(client);
    seedOf(client, source).then(
      (first) => {
        if (!live) return;
        setSeed(first);
        setSlot(slotOf(first.origin));
      },
      (error: unknown) => live && setLoading({ status: 'error', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [client, source]);

  useEffect(() => {
    if (seed === null) return;
    let live = true;
    storeOf(client, seed).then(
      (store) =>
        live && setLoading((before) => ({ status: 'ready', seed, store, serial: serialOf(before) + 1 })),
      (error: unknown) => live && setLoading({ status: 'error', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [client, seed]);

  const onTrainer = useCallback(
    (trainer: EditorSeed['trainer']) =>
      setSeed((current) => ({
        trainer,
        config: null,
        origin: { kind: 'new' },
        ...(current?.job ? { job: current.job } : {}),
      })),
    [],
  );
  const onOtherTrainer = useCallback(
    (config: EditorSeed['config'] & object, origin: EditorSeed['origin']) =>
      setSeed((current) => ({
        trainer: config.trainer,
        config,
        origin,
        ...(current?.job ? { job: current.job } : {}),
      })),
    [],
  );

  if (loading.status === 'error') {
    return (
      <Stack>
        <Title order={2}>Editor</Title>
        <Alert color="red" title="The editor could not open" data-testid="editor-error">
          {loading.message}
        </Alert>
      </Stack>
    );
  }
  if (loading.status === 'loading') {
    return (
      <Center p="xl">
        <Loader size="sm" aria-label="Loading the editor" />
      </Center>
    );
  }
  return (
    <EditorPage
      key={loading.serial}
      store={loading.store}
      job={loading.seed.job}
      notice={loading.seed.notice}
      draft={stored.draft}
      onDraftDone={stored.done}
      onTrainer={onTrainer}
      onOtherTrainer={onOtherTrainer}
    />
  );
}

export function EditorView(): ReactNode {
  const search = editorRoute.useSearch({ select: (s: EditorSearch): EditorSearch => s });
  const key = JSON.stringify(search);
  // A new address (another job, another preset) opens the editor afresh.
  const [source, setSource] = useState(() => ({ key, source: sourceOf(search) }));
  if (source.key !== key) setSource({ key, source: sourceOf(search) });
  return <EditorLoader key={source.key} source={source.source} />;
}
