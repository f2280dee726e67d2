/**
 * The selected image's caption beside it: typed into a text area and saved when the area loses focus
 * or another image is chosen (datasets.caption.set, written atomically). A caption the host reads
 * again (after a bulk change or its undo) replaces what is shown unless there are unsaved edits.
 */
import { ActionIcon, Alert, Checkbox, Group, Kbd, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DatasetFileEntry } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { useRequest } from '../../api/use-request';
import { useFileRouteUrl } from '../job/samples/use-file-url';
import { formatBytes } from './dataset-stats';
import classes from './datasets.module.css';

type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

export interface CaptionEditorProps {
  datasetId: string;
  file: DatasetFileEntry;
  /** Focus the text area when shown (the user moved here with the keyboard from the last one). */
  autoFocus: boolean;
  onSaved: () => void;
  onMove: (step: 1 | -1) => void;
  /** Tells the view whether the text area has focus (the keyboard moves keep it there). */
  onFocusChange: (focused: boolean) => void;
}

export function CaptionEditor({
  datasetId,
  file,
  autoFocus,
  onSaved,
  onMove,
  onFocusChange,
}: CaptionEditorProps): ReactNode {
  const client = useClient();
  const loaded = useRequest('datasets.caption.get', { id: datasetId, path: file.path });
  const preview = useFileRouteUrl({ route: 'thumbnail', datasetId, path: file.path, size: 768 });
  const caption = loaded.status === 'ready' ? loaded.value : null;
  const [draft, setDraft] = useState<string | null>(null);
  const [shownText, setShownText] = useState<string | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [force, setForce] = useState(false);
  // What the host holds now; the draft differs from it while there are unsaved edits.
  const [saved, setSaved] = useState<string | null>(null);
  const latest = useRef({ draft, force, saved });
  const inFlight = useRef<string | null>(null);
  useEffect(() => {
    latest.current = { draft, force, saved };
  });

  // The host's caption came (or changed): shown unless the user has typed since the last save.
  if (caption && caption.text !== shownText) {
    setShownText(caption.text);
    if (draft === null || draft === saved) setDraft(caption.text);
    setSaved(caption.text);
  }

  const notUtf8 = caption?.encoding === 'not-utf-8';
  const save = async (text: string, forced: boolean): Promise<void> => {
    if (text === latest.current.saved && caption?.exists) return;
    if (text === '' && !caption?.exists) return;
    // Leaving the image while this text is on its way does not write it twice.
    if (text === inFlight.current) return;
    inFlight.current = text;
    setState({ kind: 'saving' });
    try {
      const answer = await client.request('datasets.caption.set', {
        id: datasetId,
        path: file.path,
        text,
        ...(forced ? { force: true } : {}),
      });
      latest.current.saved = answer.text;
      setSaved(answer.text);
      setState({ kind: 'saved' });
      onSaved();
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = null;
    }
  };
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  // Another image chosen while typing: what was typed is saved, not lost.
  useEffect(
    () => () => {
      const { draft: text, force: forced, saved: held } = latest.current;
      if (text !== null && text !== held) void saveRef.current(text, forced);
    },
    [],
  );

  const dirty = draft !== null && draft !== saved;
  return (
    <Stack gap="xs" data-testid="caption-editor" data-path={file.path}>
      <div className={classes.preview}>
        {preview.url ? (
          <img src={preview.url} alt={file.path} />
        ) : (
          <Text size="sm" c="dimmed">
            {preview.error ?? 'Loading the image…'}
          </Text>
        )}
      </div>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }} data-testid="caption-file">
            {file.path}
          </Text>
          <Text size="xs" c="dimmed">
            {file.width && file.height ? `${file.width}×${file.height} · ` : ''}
            {formatBytes(file.bytes)}
            {caption ? ` · caption: ${caption.captionPath}${caption.exists ? '' : ' (not there yet)'}` : ''}
          </Text>
        </div>
        <Group gap={4} wrap="nowrap">
          <Tooltip
            label={
              <>
                Previous image: <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">↑</Kbd>
              </>
            }
          >
            <ActionIcon variant="default" aria-label="Previous image" onClick={() => onMove(-1)}>
              <IconArrowUp size="1rem" />
            </ActionIcon>
          </Tooltip>
          <Tooltip
            label={
              <>
                Next image: <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">↓</Kbd>
              </>
            }
          >
            <ActionIcon variant="default" aria-label="Next image" onClick={() => onMove(1)}>
              <IconArrowDown size="1rem" />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {loaded.status === 'error' && (
        <Alert color="red" title="The caption could not be read">
          {loaded.message}
        </Alert>
      )}
      {notUtf8 && (
        <Alert color="orange" title="This caption is not UTF-8">
          It is shown decoded; saving writes it as UTF-8 and replaces the bytes that did not decode.
          <Checkbox
            mt="xs"
            label="Replace it with the text shown here"
            checked={force}
            onChange={(event) => setForce(event.currentTarget.checked)}
          />
        </Alert>
      )}
      <Textarea
        label="Caption"
        description={
          caption && !caption.exists
            ? 'No caption file yet: typing one creates it.'
            : 'Saved when you leave the field.'
        }
        autosize
        minRows={4}
        maxRows={14}
        value={draft ?? ''}
        disabled={caption === null || (notUtf8 && !force)}
        autoFocus={autoFocus}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          setState({ kind: 'idle' });
        }}
        onFocus={() => onFocusChange(true)}
        onBlur={() => {
          onFocusChange(false);
          if (draft !== null) void save(draft, force);
        }}
        spellCheck
        data-testid="caption-text"
      />
      <Group wrap="nowrap">
        <Text
          size="xs"
          c={state.kind === 'error' ? undefined : 'dimmed'}
          className={state.kind === 'error' ? classes.danger : undefined}
          data-testid="caption-status"
          data-state={dirty && state.kind === 'idle' ? 'edited' : state.kind}
          aria-live="polite"
        >
          {state.kind === 'saving'
            ? 'Saving…'
            : state.kind === 'saved'
              ? 'Saved'
              : state.kind === 'error'
                ? state.message
                : dirty
                  ? 'Edited, not saved yet'
                  : ''}
        </Text>
      </Group>
    </Stack>
  );
}
