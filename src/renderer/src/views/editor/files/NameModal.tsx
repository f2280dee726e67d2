/** A small dialog asking for a preset's name (Save as…, Rename…); Enter saves. */
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

export interface NameModalProps {
  title: string;
  initial: string;
  confirmLabel: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

export function NameModal({ title, initial, confirmLabel, onSubmit, onClose }: NameModalProps) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const trimmed = name.trim();
  const tooLong = trimmed.length > 200;
  const submit = (): void => {
    if (trimmed === '' || tooLong || busy) return;
    setBusy(true);
    void onSubmit(trimmed).finally(() => setBusy(false));
  };
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <TextInput
            label="Preset name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={tooLong ? 'A name is at most 200 characters; shorten it.' : undefined}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={trimmed === '' || tooLong}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
