/** Whether the unsaved config is kept: "Draft saved 14:02:11", "Saving draft…", or why it could not be. */
import { Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { DraftStatus } from './use-draft-keeper';

export function DraftIndicator({ status }: { status: DraftStatus }): ReactNode {
  if (status.state === 'none') return null;
  if (status.state === 'failed') {
    return (
      <Tooltip label={status.message} maw="24rem" multiline>
        <Text size="xs" c="red" data-testid="draft-status" tabIndex={0}>
          <IconAlertTriangle size="0.9rem" aria-hidden style={{ verticalAlign: 'middle' }} /> Draft not saved
        </Text>
      </Tooltip>
    );
  }
  return (
    <Text
      size="xs"
      c="dimmed"
      data-testid="draft-status"
      data-state={status.state}
      aria-live="polite"
      style={{ whiteSpace: 'nowrap' }}
    >
      {status.state === 'saving' ? (
        'Saving draft…'
      ) : (
        <>
          <IconCloudCheck size="0.9rem" aria-hidden style={{ verticalAlign: 'middle' }} /> Draft saved{' '}
          {new Date(status.savedAt).toLocaleTimeString()}
        </>
      )}
    </Text>
  );
}
