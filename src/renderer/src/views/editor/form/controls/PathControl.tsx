/**
 * A path on the host: typed or pasted; "Browse…" opens the native dialog where the host has one
 * (in the current value's folder, filtered to the field's extensions); a file or folder dropped on it
 * fills it in where the host can tell dropped paths (Electron). In a browser the drop says to type
 * or paste the path: the page cannot know where the file lies on the host.
 */
import { Button, Group, Text, Input } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { useClient } from '../../../../api/client-context';
import { pathForDroppedFile } from '../../../../api/desktop-host';
import { useHostCapabilities } from '../../../../shell/app-info-context';
import { folderOf, shownValue } from '../value-text';
import type { ControlProps } from './control-props';

export function PathControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const client = useClient();
  const capabilities = useHostCapabilities();
  const [note, setNote] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const shown = shownValue(value, fallback);
  const text = typeof shown === 'string' ? shown : '';
  const spec = field.meta.path;
  const folder = spec?.kind === 'folder';
  const onText = (next: string) => set(next === '' ? null : next);

  const browse = async () => {
    const defaultPath = folderOf(text);
    const extensions = (spec?.extensions ?? []).map((e) => e.replace(/^\./, '')).filter((e) => e !== '');
    try {
      const answer = folder
        ? await client.request('host.openFolderDialog', {
            title: field.label,
            ...(defaultPath ? { defaultPath } : {}),
          })
        : await client.request('host.openFileDialog', {
            title: field.label,
            ...(defaultPath ? { defaultPath } : {}),
            ...(extensions.length > 0 ? { filters: [{ name: field.label, extensions }] } : {}),
          });
      const chosen = answer.paths[0];
      if (!answer.canceled && chosen) {
        setNote(null);
        onText(chosen);
      }
    } catch (error) {
      setNote(`${(error as Error).message.replace(/\.?$/, '.')} Type or paste the path instead.`);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (!file || disabled) return;
    event.preventDefault();
    event.stopPropagation();
    const path = capabilities?.droppedFilePaths ? pathForDroppedFile(file) : null;
    if (path) {
      setNote(null);
      onText(path);
    } else {
      setNote(
        `A browser cannot tell where “${file.name}” lies on the host: type or paste its path on the host here.`,
      );
    }
  };

  return (
    <div
      onDragOver={(event) => {
        if (disabled || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-drop-over={over || undefined}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <Input
          id={id}
          style={{ flex: 1 }}
          aria-label={field.label}
          aria-describedby={describedBy}
          size="xs"
          spellCheck={false}
          autoComplete="off"
          value={text}
          disabled={disabled}
          placeholder={
            capabilities?.droppedFilePaths
              ? `Type, paste or drop a ${folder ? 'folder' : 'file'}`
              : `Type or paste the ${folder ? 'folder' : 'file'}'s path`
          }
          onChange={(event) => onText(event.currentTarget.value)}
        />
        {capabilities?.nativeDialogs && (
          <Button
            size="xs"
            variant="default"
            disabled={disabled}
            aria-label={`Browse for ${field.label}`}
            onClick={() => void browse()}
          >
            Browse…
          </Button>
        )}
      </Group>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </div>
  );
}
