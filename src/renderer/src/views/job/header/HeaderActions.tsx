/**
 * The job's actions as buttons, each by its `job.abilities`: one it cannot be asked now is greyed with
 * the host's reason as its tooltip. Cancel, retry, resume, hold/release and delete go through the
 * queue's actions (same confirmations); save now and stop and save are the job page's own.
 */
import { Button, Group, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconCopy,
  IconDeviceFloppy,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconPlayerStop,
  IconRotateClockwise,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import type { Job, JobAbility } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { actionAbility, actionLabels, holdOrRelease, type JobAction } from '../../queue/job-actions';
import { showActionError, useJobActions } from '../../queue/use-job-actions';
import { stopChoice } from './stop-choice';

type Icon = ComponentType<{ size?: string | number; stroke?: number; 'aria-hidden'?: boolean }>;

function ActionButton(props: {
  label: string;
  icon: Icon;
  ability: JobAbility;
  tooltip?: string;
  color?: string;
  testId: string;
  onClick: () => void;
}): ReactNode {
  const { label, icon: Icon, ability, color, testId, onClick } = props;
  const tooltip =
    props.tooltip ?? (ability.allowed ? label : `${label}: ${ability.reason ?? 'not possible now.'}`);
  return (
    <Tooltip label={tooltip} maw="22rem" multiline>
      <Button
        size="xs"
        variant="default"
        leftSection={
          <Icon
            size="1rem"
            stroke={1.7}
            aria-hidden
            {...(color ? { color: `var(--mantine-color-${color}-6)` } : {})}
          />
        }
        // Not `disabled`: a disabled button takes no hover or focus, and its reason would never show.
        data-disabled={ability.allowed ? undefined : true}
        aria-disabled={!ability.allowed}
        aria-description={ability.allowed ? undefined : (ability.reason ?? undefined)}
        data-testid={testId}
        onClick={() => {
          if (ability.allowed) onClick();
        }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

const queueIcons: Partial<Record<JobAction, Icon>> = {
  hold: IconPlayerPause,
  release: IconPlayerPlay,
  cancel: IconX,
  retry: IconRotateClockwise,
  resume: IconPlayerSkipForward,
  delete: IconTrash,
};

export function HeaderActions({ job }: { job: Job }): ReactNode {
  const client = useClient();
  const run = useJobActions();
  const save = (channel: 'jobs.save' | 'jobs.stopAndSave', what: string): void => {
    client
      .request(channel, { id: job.id })
      .then((answer) => notifications.show({ title: what, message: answer.message }))
      .catch((error: unknown) => showActionError(what, job.name, error));
  };
  const stop = stopChoice(job);
  const navigate = useNavigate();
  const openInEditor = (mode: 'edit' | 'clone'): void =>
    void navigate({ to: '/editor', search: { job: job.id, mode } });
  const queueAction = (action: JobAction): ReactNode => (
    <ActionButton
      key={action}
      label={actionLabels[action]}
      icon={queueIcons[action] ?? IconX}
      ability={actionAbility(job, action)}
      color={action === 'cancel' || action === 'delete' ? 'red' : undefined}
      testId={`job-${action}`}
      onClick={() => run(job, action)}
    />
  );
  return (
    <Group gap="xs" data-testid="job-actions" role="group" aria-label="Job actions">
      <ActionButton
        label="Save now"
        icon={IconDeviceFloppy}
        ability={job.abilities.saveNow}
        testId="job-save"
        onClick={() => save('jobs.save', 'Save now')}
      />
      {stop.kind === 'stopAndSave' ? (
        <ActionButton
          label="Stop and save"
          icon={IconPlayerStop}
          ability={job.abilities.stopAndSave}
          tooltip={stop.tooltip}
          testId="job-stop-and-save"
          onClick={() => save('jobs.stopAndSave', 'Stop and save')}
        />
      ) : (
        <ActionButton
          label="Stop"
          icon={IconPlayerStop}
          ability={job.abilities.cancel}
          tooltip={stop.tooltip}
          testId="job-stop"
          onClick={() =>
            modals.openConfirmModal({
              title: `Stop "${job.name}"?`,
              children: (
                <Text size="sm">
                  Its trainer cannot save on request, so it stops now and keeps what it saved last. Resume it
                  later from that saved state with &quot;Resume&quot;.
                </Text>
              ),
              labels: { confirm: 'Stop the training', cancel: 'Keep it running' },
              confirmProps: { color: 'red' },
              onConfirm: () =>
                void client
                  .request('jobs.cancel', { id: job.id })
                  .catch((error: unknown) => showActionError('Stop', job.name, error)),
            })
          }
        />
      )}
      {queueAction('cancel')}
      {queueAction('retry')}
      {queueAction('resume')}
      {queueAction(holdOrRelease(job))}
      {queueAction('delete')}
      <ActionButton
        label="Edit"
        icon={IconPencil}
        ability={job.abilities.edit}
        testId="job-edit"
        onClick={() => openInEditor('edit')}
      />
      <ActionButton
        label="Clone into editor"
        icon={IconCopy}
        ability={{ allowed: true, reason: null }}
        tooltip="Open a copy of this job's config in the editor, to change and queue as a new job"
        testId="job-clone"
        onClick={() => openInEditor('clone')}
      />
    </Group>
  );
}
