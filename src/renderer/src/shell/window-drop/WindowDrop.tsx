/**
 * Files and folders dropped anywhere on the window. Mounted once in the frame: while something is
 * dragged over the window an overlay says what a drop does; on a drop the views' handlers
 * (`useDropHandler`, newest first) are asked, and what none takes follows `planDrop`: a folder becomes
 * a dataset where the host gives its path (Electron), and a browser is told to type the path instead.
 * A drop a field already took (its own drop handler called preventDefault) is left to that field.
 */
import { Anchor, Overlay, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFolderPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useClient } from '../../api/client-context';
import { pathForDroppedFile } from '../../api/desktop-host';
import { registerDatasetFolder } from '../../views/datasets/register-folder';
import { useHostCapabilities } from '../app-info-context';
import { createDropHandlers, type DropHandler, type DropHandlers } from './drop-handlers';
import { dropNotice, planDrop, type DroppedItem } from './drop-plan';

const DropContext = createContext<DropHandlers | null>(null);

/**
 * Lets the calling view take dropped files while it is shown: answer true when it used them (the
 * window then does nothing more with the drop), false to leave them to the next handler and the window.
 */
export function useDropHandler(handler: DropHandler): void {
  const handlers = useContext(DropContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => handlers?.add((files, paths) => latest.current(files, paths)), [handlers]);
}

/** The dropped items, read during the drop event (a DataTransfer is emptied once the event returns). */
function droppedItems(data: DataTransfer): { files: File[]; items: DroppedItem[] } {
  const files: File[] = [];
  const items: DroppedItem[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (!file) continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    files.push(file);
    items.push({ name: file.name, folder: entry?.isDirectory ?? false, path: pathForDroppedFile(file) });
  }
  return { files, items };
}

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

export function WindowDrop({ children }: { children: ReactNode }): ReactNode {
  const [handlers] = useState(createDropHandlers);
  const [dragging, setDragging] = useState(false);
  const capabilities = useHostCapabilities();
  const client = useClient();
  const queryClient = useQueryClient();
  const paths = capabilities?.droppedFilePaths ?? false;
  const latest = useRef({ paths, client, queryClient });
  useEffect(() => {
    latest.current = { paths, client, queryClient };
  });

  useEffect(() => {
    // dragenter and dragleave fire for every element crossed: the overlay goes when the count is back to 0.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would open the dropped file in place of the app.
      event.preventDefault();
      if (event.dataTransfer && !event.defaultPrevented) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!event.dataTransfer || !carriesFiles(event)) return;
      const tookIt = event.defaultPrevented;
      event.preventDefault();
      if (tookIt) return;
      const { files, items } = droppedItems(event.dataTransfer);
      if (
        handlers.dispatch(
          files,
          items.map((item) => item.path),
        )
      )
        return;
      void dropUnhandled(items);
    };
    const dropUnhandled = async (items: DroppedItem[]) => {
      const { client: c, queryClient: q } = latest.current;
      const plan = planDrop(items, latest.current.paths);
      if (plan.kind !== 'register') {
        const notice = dropNotice(plan);
        if (notice) notifications.show({ color: 'yellow', autoClose: 12_000, ...notice });
        return;
      }
      for (const path of plan.paths) {
        try {
          const dataset = await registerDatasetFolder(c, q, path);
          notifications.show({
            color: 'green',
            title: `Added “${dataset.name}” as a dataset`,
            message: (
              // A real link: the routes live in the address's fragment in both hosts.
              <Anchor size="sm" href={`#/datasets?id=${encodeURIComponent(dataset.id)}`}>
                Open it in Datasets
              </Anchor>
            ),
          });
        } catch (error) {
          notifications.show({
            color: 'red',
            title: `${path} was not added as a dataset`,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [handlers]);

  return (
    <DropContext.Provider value={handlers}>
      {children}
      {dragging && <DropOverlay paths={paths} />}
    </DropContext.Provider>
  );
}

function DropOverlay({ paths }: { paths: boolean }): ReactNode {
  return (
    // No pointer events: the drag goes on to the fields under it (a path field takes a drop itself).
    <Overlay fixed blur={1} backgroundOpacity={0.35} zIndex={400} style={{ pointerEvents: 'none' }} center>
      <Paper shadow="lg" p="lg" radius="md" withBorder data-testid="drop-overlay" maw="32rem">
        <Stack align="center" gap="xs">
          <ThemeIcon size="3rem" radius="xl" variant="light">
            <IconFolderPlus size="1.75rem" stroke={1.6} />
          </ThemeIcon>
          <Text fw={600}>Drop to add a dataset folder or import a config file</Text>
          <Text size="sm" c="dimmed" ta="center">
            {paths
              ? 'A folder becomes a dataset, used where it is (never copied). A .toml or .json config opens in the Editor.'
              : 'This browser gives DPGui no folder paths: to add a dataset, type or paste its path in Datasets. A .toml or .json config dropped on the Editor is imported.'}
          </Text>
        </Stack>
      </Paper>
    </Overlay>
  );
}
