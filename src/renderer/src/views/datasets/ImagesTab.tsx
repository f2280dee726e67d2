/**
 * The Images tab: tag frequencies (click to filter) on the left, the thumbnail grid in the middle and
 * the selected image's caption editor on the right; Alt+↓ / Alt+↑ move to the next or previous image
 * (also from inside the caption, which is saved on the way).
 */
import { Badge, CloseButton, Group, SegmentedControl, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DatasetFileEntry } from '../../../../shared/contract';
import type { Shortcut } from '../../shell/shortcuts/shortcut-registry';
import { useShortcuts } from '../../shell/shortcuts/shortcuts-context';
import { CaptionEditor } from './CaptionEditor';
import type { DatasetsSearch } from './datasets-search';
import type { SetDatasetsSearch } from './DatasetsView';
import classes from './datasets.module.css';
import { TagList } from './TagList';
import { ThumbGrid } from './ThumbGrid';

/** The path `step` images away from `current` in `files` (the first or last at the ends); pure. */
export function steppedPath(
  files: readonly DatasetFileEntry[],
  current: string | undefined,
  step: 1 | -1,
): string | undefined {
  if (files.length === 0) return undefined;
  const at = current === undefined ? -1 : files.findIndex((f) => f.path === current);
  if (at < 0) return (step === 1 ? files[0] : files.at(-1))?.path;
  return files[Math.min(files.length - 1, Math.max(0, at + step))]?.path;
}

export function ImagesTab({
  id,
  files,
  totalFiles,
  search,
  setSearch,
  reloadKey,
  onCaptionSaved,
}: {
  id: string;
  /** The files the filters leave, in the scan's order; undefined while they are read. */
  files: readonly DatasetFileEntry[] | undefined;
  totalFiles: number;
  search: DatasetsSearch;
  setSearch: SetDatasetsSearch;
  reloadKey: unknown;
  onCaptionSaved: () => void;
}): ReactNode {
  const editorFocused = useRef(false);
  // The next editor takes the focus when the user moved on from inside the last one.
  const [focusEditor, setFocusEditor] = useState(false);
  const selectedFile = files?.find((f) => f.path === search.file);
  const latest = useRef({ files, selected: search.file, setSearch });
  useEffect(() => {
    latest.current = { files, selected: search.file, setSearch };
  });

  const move = useMemo(
    () => (step: 1 | -1) => {
      const { files: list, selected, setSearch: set } = latest.current;
      const next = steppedPath(list ?? [], selected, step);
      setFocusEditor(editorFocused.current);
      if (next !== undefined) set({ file: next }, true);
    },
    [],
  );
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      {
        id: 'datasets.nextImage',
        hotkeys: ['alt+arrowdown'],
        label: 'Next image (saves the caption)',
        group: 'Datasets',
        run: (event) => {
          event.preventDefault();
          move(1);
        },
        inFields: true,
      },
      {
        id: 'datasets.previousImage',
        hotkeys: ['alt+arrowup'],
        label: 'Previous image (saves the caption)',
        group: 'Datasets',
        run: (event) => {
          event.preventDefault();
          move(-1);
        },
        inFields: true,
      },
    ],
    [move],
  );
  useShortcuts(shortcuts);

  return (
    <div className={classes.imagesLayout}>
      <TagList id={id} reloadKey={reloadKey} active={search.tag} onPick={(tag) => setSearch({ tag }, true)} />
      <div
        style={{ display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-xs)', minHeight: 0 }}
      >
        <Group gap="sm" justify="space-between" wrap="nowrap">
          <SegmentedControl
            size="xs"
            aria-label="Show"
            value={search.show ?? 'all'}
            onChange={(value) => setSearch({ show: value === 'all' ? undefined : value }, true)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'missing_caption', label: 'No caption' },
              { value: 'problems', label: 'Problems' },
            ]}
            data-testid="file-filter"
          />
          <Group gap="xs" wrap="nowrap">
            {search.tag !== undefined && (
              <Badge
                variant="light"
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={`Stop filtering by ${search.tag}`}
                    onClick={() => setSearch({ tag: undefined }, true)}
                  />
                }
                data-testid="tag-filter"
              >
                {search.tag}
              </Badge>
            )}
            <Text size="xs" c="dimmed" data-testid="grid-count">
              {files === undefined
                ? 'Reading the files…'
                : files.length === totalFiles
                  ? `${totalFiles.toLocaleString('en')} files`
                  : `${files.length.toLocaleString('en')} of ${totalFiles.toLocaleString('en')} files`}
            </Text>
          </Group>
        </Group>
        <div style={{ flex: 1, minHeight: 0 }}>
          <ThumbGrid
            datasetId={id}
            files={files ?? []}
            selected={search.file}
            onSelect={(path) => {
              setFocusEditor(false);
              setSearch({ file: path }, true);
            }}
            label="Images"
          />
        </div>
      </div>
      <div className={classes.editorColumn}>
        {selectedFile ? (
          <CaptionEditor
            key={selectedFile.path}
            datasetId={id}
            file={selectedFile}
            autoFocus={focusEditor}
            onSaved={onCaptionSaved}
            onMove={move}
            onFocusChange={(focused) => {
              editorFocused.current = focused;
            }}
          />
        ) : (
          <Text c="dimmed" size="sm" p="md" data-testid="caption-editor-empty">
            Choose an image to see it larger and edit its caption. Alt+↓ and Alt+↑ step through the images.
          </Text>
        )}
      </div>
    </div>
  );
}
