/**
 * Runs a row action through the client: a started job's cancel and every delete are confirmed first
 * (Mantine modals); a refusal or a lost connection is shown as a notification in the host's words.
 */
import { Checkbox, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { DpguiClient, JobSummary } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { actionAbility, actionLabels, cancelNeedsConfirmation, type JobAction } from './job-actions';

async function send(client: DpguiClient, job: JobSummary, action: JobAction, removeRunFolder: boolean) {
  const id = job.id;
  switch (action) {
    case 'hold':
      return client.request('jobs.hold', { id });
    case 'release':
      return client.request('jobs.release', { id });
    case 'cancel':
      return client.request('jobs.cancel', { id });
    case 'retry':
      return client.request('jobs.retry', { id });
    case 'resume':
      return client.request('jobs.retry', { id, resume: true });
    case 'delete':
      return client.request('jobs.delete', { id, removeRunFolder });
    case 'moveUp':
      return client.request('jobs.reorder', { id, to: 'up' });
    case 'moveDown':
      return client.request('jobs.reorder', { id, to: 'down' });
    case 'moveTop':
      return client.request('jobs.reorder', { id, to: 'top' });
    case 'moveBottom':
      return client.request('jobs.reorder', { id, to: 'bottom' });
  }
}

export function showActionError(what: string, name: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  notifications.show({
    color: 'red',
    title: `Could not ${what.toLowerCase()} "${name}"`,
    message: message.trim() === '' ? 'The host gave no reason. Check the connection and try again.' : message,
  });
}

export type RunJobAction = (job: JobSummary, action: JobAction) => void;

export function useJobActions(): RunJobAction {
  const client = useClient();
  return useCallback(
    (job, action) => {
      if (!actionAbility(job, action).allowed) return;
      const go = (removeRunFolder = false): void => {
        send(client, job, action, removeRunFolder).catch((error: unknown) =>
          showActionError(actionLabels[action], job.name, error),
        );
      };
      if (action === 'cancel' && cancelNeedsConfirmation(job)) {
        modals.openConfirmModal({
          title: `Cancel "${job.name}"?`,
          children: (
            <Text size="sm">
              It is stopped now; what it trained since its last saved checkpoint is lost. It can be retried
              later.
            </Text>
          ),
          labels: { confirm: 'Cancel the training', cancel: 'Keep it running' },
          confirmProps: { color: 'red' },
          onConfirm: () => go(),
        });
        return;
      }
      if (action === 'delete') {
        // Read when confirmed: the checkbox lives in the modal, outside this component's state.
        let removeRunFolder = false;
        modals.openConfirmModal({
          title: `Delete "${job.name}"?`,
          children: (
            <Stack gap="sm">
              <Text size="sm">
                It leaves the list. The trainer&apos;s outputs (checkpoints, samples) are kept.
              </Text>
              <Checkbox
                label="Also remove its run folder (logs and job.json)"
                description={job.runDir}
                onChange={(event) => {
                  removeRunFolder = event.currentTarget.checked;
                }}
              />
            </Stack>
          ),
          labels: { confirm: 'Delete', cancel: 'Keep it' },
          confirmProps: { color: 'red' },
          onConfirm: () => go(removeRunFolder),
        });
        return;
      }
      go();
    },
    [client],
  );
}
