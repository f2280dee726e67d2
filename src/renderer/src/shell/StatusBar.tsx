import { Text } from '@mantine/core';
import { useConnection, useGpus, useQueueState } from '../api/live-state';
import { statusBarModel } from './status-bar-model';
import { StatusBarItems } from './StatusBarItems';

/** The status bar: connection, jobs running and waiting, the queue's pause, GPUs busy (live-state). */
export function StatusBar({ zoom }: { zoom: string | null }) {
  const connection = useConnection();
  const queue = useQueueState();
  const gpus = useGpus();
  const items = statusBarModel({
    connection: connection.state,
    queue: queue.data ?? null,
    gpus: gpus.data ?? null,
  });
  return (
    <StatusBarItems
      items={items}
      extra={
        zoom && (
          <Text size="xs" c="dimmed" data-testid="status-zoom">
            Zoom {zoom}
          </Text>
        )
      }
    />
  );
}
