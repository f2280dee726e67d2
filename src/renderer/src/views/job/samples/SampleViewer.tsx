/**
 * The enlarged image (a Mantine modal): the file itself, not its thumbnail. Left / Right step through
 * the steps, Up / Down through the columns (prompts, or jobs when comparing), Esc closes; the buttons
 * do the same for the mouse. Focus stays in the modal while it is open.
 */
import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { KeyboardEvent, ReactNode } from 'react';
import type { RowOrder } from './sample-grid';
import { moveInGrid, moveOfKey, type GridMove } from './sample-navigation';
import classes from './samples.module.css';
import type { TileRow } from './TileGrid';
import { useFileUrl } from './use-file-url';

export interface ViewerAt {
  rowKey: string;
  column: number;
}

export interface SampleViewerProps {
  rows: readonly TileRow[];
  columnNames: readonly string[];
  /** "prompt" or "job": the buttons' words for Up / Down. */
  columnWord: string;
  order: RowOrder;
  at: ViewerAt | null;
  onMove: (at: ViewerAt) => void;
  onClose: () => void;
  /** More about the shown image (the prompt's words, its checkpoint). */
  details?: (row: TileRow, column: number) => ReactNode;
}

function ViewerImage({ path, label }: { path: string; label: string }): ReactNode {
  const { url, error } = useFileUrl(path);
  return (
    <div className={classes.viewerFrame}>
      {url && <img className={classes.viewerImage} src={url} alt={label} data-testid="sample-viewer-image" />}
      {!url && !error && <Loader aria-label={`Loading ${label}`} />}
      {error && (
        <Text c="red" size="sm">
          {error}
        </Text>
      )}
    </div>
  );
}

export function SampleViewer(props: SampleViewerProps): ReactNode {
  const { rows, columnNames, columnWord, order, at, onMove, onClose, details } = props;
  const rowIndex = at ? rows.findIndex((row) => row.key === at.rowKey) : -1;
  const row = rows[rowIndex];
  const cell = at && row ? row.cells[at.column] : null;
  const go = (move: GridMove): void => {
    if (!at || rowIndex < 0) return;
    const next = moveInGrid(rows, order, { row: rowIndex, column: at.column }, move);
    const nextRow = rows[next.row];
    if (nextRow && (next.row !== rowIndex || next.column !== at.column))
      onMove({ rowKey: nextRow.key, column: next.column });
  };
  const can = (move: GridMove): boolean => {
    if (!at || rowIndex < 0) return false;
    const next = moveInGrid(rows, order, { row: rowIndex, column: at.column }, move);
    return next.row !== rowIndex || next.column !== at.column;
  };
  // Greyed, not disabled: a disabled button would drop the focus out of the modal (and its keys).
  const edge = (move: GridMove) =>
    can(move) ? {} : { 'data-disabled': true, 'aria-disabled': true as const };
  const onKeyDown = (event: KeyboardEvent): void => {
    const move = moveOfKey[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    go(move);
  };
  const label = row && at ? `${row.label}, ${columnNames[at.column] ?? ''}` : '';
  return (
    <Modal.Root opened={cell != null} onClose={onClose} size="auto" centered returnFocus={false}>
      <Modal.Overlay />
      <Modal.Content
        data-testid="sample-viewer"
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Escape"
      >
        {/* Mantine's content drops onKeyDown: the keys are caught here, around all that takes focus. */}
        <div onKeyDown={onKeyDown}>
          <Modal.Header>
            <Modal.Title fw={600}>{label}</Modal.Title>
            <Modal.CloseButton aria-label="Close the enlarged image" />
          </Modal.Header>
          <Modal.Body>
            {cell && row && at && (
              <Stack gap="sm" miw="min(40rem, 80vw)">
                <ViewerImage key={cell.path} path={cell.path} label={label} />
                {details?.(row, at.column)}
                <Group justify="space-between" gap="xs">
                  <Group gap="xs">
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => go('earlier')}
                      {...edge('earlier')}
                      aria-keyshortcuts="ArrowLeft"
                    >
                      ← Earlier step
                    </Button>
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => go('later')}
                      {...edge('later')}
                      aria-keyshortcuts="ArrowRight"
                    >
                      Later step →
                    </Button>
                  </Group>
                  <Group gap="xs">
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => go('previousColumn')}
                      {...edge('previousColumn')}
                      aria-keyshortcuts="ArrowUp"
                    >
                      ↑ Previous {columnWord}
                    </Button>
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => go('nextColumn')}
                      {...edge('nextColumn')}
                      aria-keyshortcuts="ArrowDown"
                    >
                      ↓ Next {columnWord}
                    </Button>
                  </Group>
                </Group>
                <Text size="xs" c="dimmed">
                  Arrow keys: ← → steps, ↑ ↓ {columnWord}s; Esc closes.
                </Text>
              </Stack>
            )}
          </Modal.Body>
        </div>
      </Modal.Content>
    </Modal.Root>
  );
}
