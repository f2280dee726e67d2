/**
 * A path on the host: typed, or chosen with "Choose…" (the native dialog in the desktop app, the
 * folder picker elsewhere). For an interpreter the chosen folder (a venv, or a trainer folder holding
 * one) is turned into its python by host.findPython.
 */
import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../api/client-context';
import { useHostCapabilities } from '../shell/app-info-context';
import { FolderPicker } from './FolderPicker';

export interface PathFieldProps {
  label: string;
  description: string;
  value: string;
  /** python: the chosen folder is resolved to its interpreter. */
  kind: 'folder' | 'python';
  /** Where the picker opens when the field is empty (e.g. the trainer's folder for its python). */
  startAt?: string;
  error?: string | null;
  testId: string;
  onSave: (path: string) => Promise<void>;
}

export function PathField({
  label,
  description,
  value,
  kind,
  startAt,
  error,
  testId,
  onSave,
}: PathFieldProps) {
  const client = useClient();
  const capabilities = useHostCapabilities();
  const [draft, setDraft] = useState(value);
  const [picking, setPicking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A value saved elsewhere (another client, the picker) replaces what is typed.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }

  const take = async (folder: string) => {
    setPicking(false);
    try {
      const path =
        kind === 'python' ? (await client.request('host.findPython', { path: folder })).python : folder;
      setProblem(null);
      setDraft(path);
      await onSave(path);
    } catch (e) {
      setProblem(
        `${(e as Error).message.replace(/\.?$/, '.')} Choose the venv folder or type the python's path.`,
      );
    }
  };

  const choose = async () => {
    if (!capabilities?.nativeDialogs) {
      setPicking(true);
      return;
    }
    const start = value || startAt;
    const answer = await client.request('host.openFolderDialog', {
      title: label,
      ...(start ? { defaultPath: start } : {}),
    });
    if (!answer.canceled && answer.paths[0]) await take(answer.paths[0]);
  };

  const commit = () => {
    if (draft.trim() !== value) void onSave(draft.trim());
  };

  return (
    <>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={label}
          description={description}
          value={draft}
          error={problem ?? error ?? undefined}
          placeholder={kind === 'python' ? '…/venv/bin/python' : 'Not set'}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
          }}
          data-testid={testId}
          spellCheck={false}
        />
        <Button
          variant="default"
          onClick={() => void choose()}
          disabled={!capabilities}
          aria-label={`Choose ${label}`}
          data-testid={`${testId}-choose`}
          mb={problem || error ? 22 : 0}
        >
          Choose…
        </Button>
      </Group>
      <FolderPicker
        opened={picking}
        title={kind === 'python' ? `${label}: choose its venv (or the trainer folder holding it)` : label}
        start={value ? value : (startAt ?? '')}
        onClose={() => setPicking(false)}
        onChoose={(path) => void take(path)}
      />
    </>
  );
}
