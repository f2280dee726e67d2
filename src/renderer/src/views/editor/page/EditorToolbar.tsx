/**
 * The editor's top bar: the trainer and the model family, presets, import and export, undo and redo
 * (also Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, even while typing in a field: the editor's history, not the
 * field's own).
 */
import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp } from '@tabler/icons-react';
import { useMemo, type ReactNode } from 'react';
import { trainerKinds, type TrainerKind } from '../../../../../shared/contract/trainer-kinds';
import { useRequest } from '../../../api/use-request';
import { useShortcuts } from '../../../shell/shortcuts/shortcuts-context';
import type { Shortcut } from '../../../shell/shortcuts/shortcut-registry';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { ExportButton, ImportButton, PresetMenu, type OpenInOtherTrainer } from '../files';
import { withFamily } from './new-config';

function useUndoShortcuts(): void {
  const store = useEditorStore();
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      {
        id: 'editor.undo',
        hotkeys: ['mod+z'],
        label: 'Undo the last edit',
        group: 'Editor',
        inFields: true,
        run: () => store.dispatch({ type: 'undo' }),
      },
      {
        id: 'editor.redo',
        hotkeys: ['mod+shift+z', 'mod+y'],
        label: 'Redo',
        group: 'Editor',
        inFields: true,
        run: () => store.dispatch({ type: 'redo' }),
      },
    ],
    [store],
  );
  useShortcuts(shortcuts);
}

function UndoRedo(): ReactNode {
  const store = useEditorStore();
  const canUndo = useEditorSelector((state) => state.history.past.length > 0);
  const canRedo = useEditorSelector((state) => state.history.future.length > 0);
  useUndoShortcuts();
  return (
    <Group gap={4}>
      <Tooltip label="Undo (Ctrl+Z)">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Undo"
          disabled={!canUndo}
          onClick={() => store.dispatch({ type: 'undo' })}
        >
          <IconArrowBackUp size="1.1rem" aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Redo (Ctrl+Shift+Z)">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Redo"
          disabled={!canRedo}
          onClick={() => store.dispatch({ type: 'redo' })}
        >
          <IconArrowForwardUp size="1.1rem" aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function TrainerSelect({ onTrainer }: { onTrainer: (trainer: TrainerKind) => void }): ReactNode {
  const store = useEditorStore();
  const trainers = useRequest('trainers.list', {});
  const labels = new Map<string, string>(
    trainers.status === 'ready' ? trainers.value.trainers.map((t) => [t.kind, t.label]) : [],
  );
  labels.set(store.schema.trainer, store.schema.label);
  return (
    <Select
      label="Trainer"
      w="12rem"
      allowDeselect={false}
      data={trainerKinds.map((kind) => ({ value: kind, label: labels.get(kind) ?? kind }))}
      value={store.schema.trainer}
      onChange={(value) => {
        const kind = trainerKinds.find((k) => k === value);
        if (kind && kind !== store.schema.trainer) onTrainer(kind);
      }}
    />
  );
}

function FamilySelect(): ReactNode {
  const store = useEditorStore();
  const family = useEditorSelector((state) => state.history.present.family);
  return (
    <Select
      label="Model family"
      w="13rem"
      allowDeselect={false}
      id="editor-family"
      data={store.schema.families.map((f) => ({ value: f.id, label: f.label }))}
      value={family}
      onChange={(value) => {
        if (value === null || value === family) return;
        // One undoable step: the values that still apply are kept, the rest take the family's defaults.
        store.dispatch({
          type: 'replace',
          config: withFamily(store.schema, store.getState().history.present, value),
        });
      }}
    />
  );
}

export function EditorToolbar({
  onTrainer,
  onOtherTrainer,
}: {
  onTrainer: (trainer: TrainerKind) => void;
  onOtherTrainer: OpenInOtherTrainer;
}): ReactNode {
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" data-testid="editor-toolbar">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TrainerSelect onTrainer={onTrainer} />
        <FamilySelect />
      </Group>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <PresetMenu onOtherTrainer={onOtherTrainer} />
        <ImportButton onOtherTrainer={onOtherTrainer} />
        <ExportButton />
        <UndoRedo />
      </Group>
    </Group>
  );
}
