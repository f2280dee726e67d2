/**
 * Choosing a folder on the host from a browser: a modal built on host.listFolder — breadcrumbs,
 * folders only, keyboard navigable (arrows move, Enter opens, Backspace goes up, "Choose" takes the
 * open folder or the selected one). The desktop app uses its native dialog instead (usePathChooser).
 */
import {
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconFolder } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { liveRequest, useLive } from '../api/live-state';
import { breadcrumbs, moveSelection, type PickerKey } from './folder-picker-model';

export interface FolderPickerProps {
  opened: boolean;
  title: string;
  /** Where it opens; the host's home folder when empty. */
  start: string;
  onClose: () => void;
  onChoose: (path: string) => void;
}

export function FolderPicker({ opened, title, start, onClose, onChoose }: FolderPickerProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the folder picker' }}
    >
      {opened && <FolderBrowser start={start} onChoose={onChoose} onCancel={onClose} />}
    </Modal>
  );
}

function FolderBrowser({
  start,
  onChoose,
  onCancel,
}: {
  start: string;
  onChoose: (path: string) => void;
  onCancel: () => void;
}) {
  const [path, setPath] = useState<string | undefined>(start || undefined);
  const [selected, setSelected] = useState(-1);
  const listing = useLive(
    liveRequest('host.listFolder', { ...(path ? { path } : {}), filter: { kinds: ['folder'] } }),
  );
  const entries = listing.data?.entries ?? [];
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>(`[data-index="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const open = (next: string) => {
    setPath(next);
    setSelected(-1);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) {
      event.preventDefault();
      setSelected((current) => moveSelection(current, event.key as PickerKey, entries.length));
    } else if (event.key === 'Enter' && entries[selected]) {
      event.preventDefault();
      open(entries[selected].path);
    } else if (event.key === 'Backspace' && listing.data?.parent) {
      event.preventDefault();
      open(listing.data.parent);
    }
  };

  const current = listing.data?.path ?? path ?? '';
  const chosen = entries[selected]?.path ?? current;
  return (
    <Stack gap="sm">
      {listing.data && (
        <Breadcrumbs separator="›" separatorMargin={6} style={{ flexWrap: 'wrap' }} aria-label="Folder path">
          {breadcrumbs(listing.data.path).map((crumb) => (
            <Anchor
              component="button"
              type="button"
              size="sm"
              key={crumb.path}
              onClick={() => open(crumb.path)}
            >
              {crumb.label}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      {listing.error && (
        <Text c="red" size="sm" role="alert">
          {listing.error} Choose another folder above.
        </Text>
      )}
      <ScrollArea h={320} type="auto" offsetScrollbars>
        <div
          ref={listRef}
          role="listbox"
          aria-label={`Folders in ${current}`}
          tabIndex={0}
          data-autofocus
          aria-activedescendant={selected >= 0 ? `folder-entry-${selected}` : undefined}
          onKeyDown={onKeyDown}
          data-testid="folder-list"
        >
          {!listing.data && !listing.error && <Loader size="sm" aria-label="Reading the folder" m="sm" />}
          {listing.data && entries.length === 0 && (
            <Text c="dimmed" size="sm" p="sm">
              No folders in here. Choose this folder, or go up with the path above.
            </Text>
          )}
          {entries.map((entry, i) => (
            <UnstyledButton
              key={entry.path}
              id={`folder-entry-${i}`}
              data-index={i}
              role="option"
              tabIndex={-1}
              aria-selected={i === selected}
              onClick={() => setSelected(i)}
              onDoubleClick={() => open(entry.path)}
              w="100%"
              px="sm"
              py={6}
              style={{
                borderRadius: 4,
                background: i === selected ? 'var(--mantine-primary-color-light)' : undefined,
              }}
            >
              <Group gap="xs" wrap="nowrap">
                <IconFolder style={{ width: '1rem', height: '1rem', flexShrink: 0 }} aria-hidden />
                <Text size="sm" truncate>
                  {entry.name}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </div>
      </ScrollArea>
      {listing.data?.truncated && (
        <Text size="xs" c="dimmed">
          This folder has more entries than shown; type the path instead.
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Arrows move, Enter opens, Backspace goes up, double-click opens.
      </Text>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="picker-choice">
          {chosen}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={() => onChoose(chosen)} disabled={!chosen} variant="light">
            Choose
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
