/**
 * "Presets": load one (the built-in starters first: read-only, their model paths empty), save over
 * the loaded one, save as a new one, rename or delete it (the page names the preset in the editor:
 * originText).
 */
import { Button, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDeviceFloppy, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { PresetSummary } from '../../../../../shared/contract/presets';
import { useClient } from '../../../api/client-context';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { useFilesSession } from './files-session';
import { hasUnsavedEdits, loadConfig, type OpenInOtherTrainer } from './load-config';
import { NameModal } from './NameModal';
import { savedPresetOf } from './preset-origin';
import { showFilesError } from './show-error';
import { trainerLabels } from './trainer-labels';

type Asking =
  { kind: 'saveAs'; initial: string } | { kind: 'rename'; presetId: string; initial: string } | null;

export interface PresetMenuProps {
  /** The page's trainer switch, for a preset of another trainer than the editor's. */
  onOtherTrainer?: OpenInOtherTrainer;
}

export function PresetMenu({ onOtherTrainer }: PresetMenuProps) {
  const client = useClient();
  const store = useEditorStore();
  const session = useFilesSession();
  const origin = useEditorSelector((state) => state.origin);
  const [presets, setPresets] = useState<PresetSummary[] | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const saved = savedPresetOf(origin);

  const refresh = (): void => {
    client
      .request('presets.list', {})
      .then(setPresets)
      .catch((error: unknown) => showFilesError('Could not list the presets', error));
  };

  const load = async (summary: PresetSummary): Promise<void> => {
    try {
      const preset = await client.request('presets.get', { id: summary.id });
      const loaded = loadConfig(
        store,
        session,
        preset.config,
        { kind: 'preset', presetId: preset.id, name: preset.name, builtIn: preset.builtIn },
        onOtherTrainer,
      );
      if (!loaded)
        showFilesError(
          `Could not load "${preset.name}"`,
          `It is a ${trainerLabels[preset.trainer]} preset; choose ${trainerLabels[preset.trainer]} as the trainer and load it again.`,
        );
    } catch (error) {
      showFilesError(`Could not load "${summary.name}"`, error);
    }
  };

  const askLoad = (summary: PresetSummary): void => {
    if (!hasUnsavedEdits(store, session)) {
      void load(summary);
      return;
    }
    modals.openConfirmModal({
      title: `Load "${summary.name}"?`,
      children: (
        <Text size="sm">
          The config in the editor has changes that are not saved in a preset. Loading replaces it (Undo
          brings it back).
        </Text>
      ),
      labels: { confirm: 'Load the preset', cancel: 'Keep editing' },
      onConfirm: () => void load(summary),
    });
  };

  const save = async (): Promise<void> => {
    if (!saved) return;
    const config = store.getState().history.present;
    try {
      await client.request('presets.save', { id: saved.presetId, name: saved.name, config });
      session.update({ baseline: config });
      notifications.show({
        title: `Saved "${saved.name}"`,
        message: 'The preset holds the config as it is now.',
      });
    } catch (error) {
      showFilesError(`Could not save "${saved.name}"`, error);
    }
  };

  const saveAs = async (name: string): Promise<void> => {
    const config = store.getState().history.present;
    try {
      const preset = await client.request('presets.save', { name, config });
      session.update({ baseline: config });
      store.setOrigin({ kind: 'preset', presetId: preset.id, name: preset.name, builtIn: false });
      setAsking(null);
      notifications.show({ title: `Saved as "${preset.name}"`, message: 'Find it under Presets.' });
    } catch (error) {
      showFilesError(`Could not save "${name}"`, error);
    }
  };

  const rename = async (presetId: string, name: string): Promise<void> => {
    try {
      const preset = await client.request('presets.rename', { id: presetId, name });
      store.setOrigin({ kind: 'preset', presetId: preset.id, name: preset.name, builtIn: false });
      setAsking(null);
    } catch (error) {
      showFilesError(`Could not rename the preset to "${name}"`, error);
    }
  };

  const askDelete = (): void => {
    if (!saved) return;
    modals.openConfirmModal({
      title: `Delete the preset "${saved.name}"?`,
      children: (
        <Text size="sm">Its file in the data folder is removed. The config stays in the editor.</Text>
      ),
      labels: { confirm: 'Delete the preset', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void client
          .request('presets.delete', { id: saved.presetId })
          .then(() => {
            store.setOrigin({ kind: 'new' });
            notifications.show({
              title: `Deleted "${saved.name}"`,
              message: 'The config stays in the editor.',
            });
          })
          .catch((error: unknown) => showFilesError(`Could not delete "${saved.name}"`, error)),
    });
  };

  const builtIns = presets?.filter((p) => p.builtIn) ?? [];
  const ownPresets = presets?.filter((p) => !p.builtIn) ?? [];
  const presetItem = (preset: PresetSummary) => (
    <Menu.Item key={preset.id} onClick={() => askLoad(preset)}>
      <Text size="sm">{preset.name}</Text>
      <Text size="xs" c="dimmed">
        {trainerLabels[preset.trainer]} · {preset.family}
        {preset.builtIn ? ' · model paths empty' : ''}
      </Text>
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-start" onOpen={refresh} withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size="1rem" />}>
            Presets
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah="70vh" style={{ overflowY: 'auto' }}>
          <Menu.Item
            leftSection={<IconDeviceFloppy size="1rem" />}
            disabled={!saved}
            onClick={() => void save()}
          >
            Save
          </Menu.Item>
          <Menu.Item
            leftSection={<IconDeviceFloppy size="1rem" />}
            onClick={() =>
              setAsking({ kind: 'saveAs', initial: origin.kind === 'preset' ? `${origin.name} copy` : '' })
            }
          >
            Save as…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconPencil size="1rem" />}
            disabled={!saved}
            onClick={() =>
              saved && setAsking({ kind: 'rename', presetId: saved.presetId, initial: saved.name })
            }
          >
            Rename…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconTrash size="1rem" />}
            color="red"
            disabled={!saved}
            onClick={askDelete}
          >
            Delete…
          </Menu.Item>
          <Menu.Divider />
          {presets === null && <Menu.Label>Loading the presets…</Menu.Label>}
          {builtIns.length > 0 && <Menu.Label>Built-in (read-only; model paths empty)</Menu.Label>}
          {builtIns.map(presetItem)}
          {presets !== null && <Menu.Label>Saved</Menu.Label>}
          {presets !== null && ownPresets.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" pb="xs">
              None yet: “Save as…” keeps the config in the editor.
            </Text>
          )}
          {ownPresets.map(presetItem)}
        </Menu.Dropdown>
      </Menu>
      {asking?.kind === 'saveAs' && (
        <NameModal
          title="Save as a new preset"
          initial={asking.initial}
          confirmLabel="Save"
          onSubmit={saveAs}
          onClose={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'rename' && (
        <NameModal
          title="Rename the preset"
          initial={asking.initial}
          confirmLabel="Rename"
          onSubmit={(name) => rename(asking.presetId, name)}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}
