/**
 * The draft left from before (a reload, a crash, a restart of the host), offered back once when the
 * editor opens: "Restore" puts it in the editor (one undoable step), "Discard" forgets it.
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { Draft } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import type { EditorOrigin } from '../state/editor-store';
import { useEditorConfig } from '../state/use-editor';
import { sameJson } from '../state/value-path';
import { fromDraftOrigin, originText, type DraftSlot } from './draft-slot';

/** The slot's draft as the host has it when the editor opens (read once per slot). */
export function useStoredDraft(slot: DraftSlot | null): { draft: Draft | null; done: () => void } {
  const client = useClient();
  const [found, setFound] = useState<{ slot: DraftSlot; draft: Draft | null } | null>(null);
  useEffect(() => {
    if (slot === null) return;
    let live = true;
    client
      .request('drafts.get', { slot })
      .then(({ draft }) => live && setFound({ slot, draft }))
      .catch(() => live && setFound({ slot, draft: null }));
    return () => {
      live = false;
    };
  }, [client, slot]);
  const draft = found !== null && found.slot === slot ? found.draft : null;
  return { draft, done: () => setFound(slot === null ? null : { slot, draft: null }) };
}

function timeText(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? 'before' : at.toLocaleString();
}

export function DraftOffer({
  draft,
  onRestore,
  onDiscard,
}: {
  draft: Draft;
  onRestore: (config: Draft['config'], origin: EditorOrigin) => void;
  onDiscard: () => void;
}): ReactNode {
  const config = useEditorConfig();
  // The editor already shows exactly this config (it was restored, or typed again): nothing to offer.
  if (sameJson(config, draft.config)) return null;
  const origin = fromDraftOrigin(draft.origin);
  return (
    <Alert
      color="blue"
      variant="light"
      p="xs"
      icon={<IconHistory size="1.1rem" aria-hidden />}
      data-testid="draft-offer"
      role="region"
      aria-label="Unsaved config"
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">
          <Text span fw={600} inherit>
            You have an unsaved config
          </Text>{' '}
          from {timeText(draft.savedAt)}, started from {originText(origin)}. Restore it to go on where you
          left off, or discard it.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" onClick={() => onRestore(draft.config, origin)} data-testid="draft-restore">
            Restore
          </Button>
          <Button size="xs" variant="default" onClick={onDiscard} data-testid="draft-discard">
            Discard
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
