/** A failed files action as a notification that names what failed and what the host said. */
import { notifications } from '@mantine/notifications';

export function showFilesError(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  notifications.show({
    color: 'red',
    title,
    message: message.trim() === '' ? 'The host gave no reason. Check the connection and try again.' : message,
  });
}
