/**
 * A row's actions: hold/release, cancel and retry as buttons, the rest in a menu. An action the job
 * cannot be asked now is shown disabled with the host's reason (never a button that answers 409).
 */
import { ActionIcon, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconArrowBarToDown,
  IconArrowBarToUp,
  IconArrowDown,
  IconArrowUp,
  IconCopy,
  IconDots,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconRotateClockwise,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { ComponentType, MouseEvent, ReactNode } from 'react';
import type { JobSummary } from '../../../../shared/contract';
import { actionAbility, actionLabels, holdOrRelease, type JobAction } from './job-actions';
import type { RunJobAction } from './use-job-actions';

type Icon = ComponentType<{ size?: string | number; stroke?: number; 'aria-hidden'?: boolean }>;

const icons: Record<JobAction, Icon> = {
  hold: IconPlayerPause,
  release: IconPlayerPlay,
  cancel: IconX,
  retry: IconRotateClockwise,
  resume: IconPlayerSkipForward,
  delete: IconTrash,
  moveUp: IconArrowUp,
  moveDown: IconArrowDown,
  moveTop: IconArrowBarToUp,
  moveBottom: IconArrowBarToDown,
};

const stop = (event: MouseEvent): void => event.stopPropagation();

function ActionButton({
  job,
  action,
  run,
}: {
  job: JobSummary;
  action: JobAction;
  run: RunJobAction;
}): ReactNode {
  const ability = actionAbility(job, action);
  const Icon = icons[action];
  const label = actionLabels[action];
  return (
    <Tooltip
      label={ability.allowed ? label : `${label}: ${ability.reason ?? 'not possible now.'}`}
      maw="20rem"
      multiline
    >
      <ActionIcon
        variant="subtle"
        color={action === 'cancel' ? 'red' : 'gray'}
        aria-label={`${label} ${job.name}`}
        // Not `disabled`: a disabled button takes no hover or focus, and its reason would never show.
        data-disabled={ability.allowed ? undefined : true}
        aria-disabled={!ability.allowed}
        data-testid={`job-${action}`}
        onClick={(event) => {
          event.stopPropagation();
          run(job, action);
        }}
      >
        <Icon size="1.1rem" stroke={1.7} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}

function MenuAction({
  job,
  action,
  run,
}: {
  job: JobSummary;
  action: JobAction;
  run: RunJobAction;
}): ReactNode {
  const ability = actionAbility(job, action);
  const Icon = icons[action];
  return (
    <Menu.Item
      leftSection={<Icon size="1rem" stroke={1.7} aria-hidden />}
      color={action === 'delete' ? 'red' : undefined}
      disabled={!ability.allowed}
      onClick={() => run(job, action)}
      data-testid={`job-menu-${action}`}
    >
      {actionLabels[action]}
      {!ability.allowed && ability.reason && (
        <Text size="xs" c="dimmed" maw="16rem">
          {ability.reason}
        </Text>
      )}
    </Menu.Item>
  );
}

/** "Edit" (a waiting job: its config opens in the editor and replaces it) and "Clone into editor". */
function EditorItems({ job }: { job: JobSummary }): ReactNode {
  const navigate = useNavigate();
  const open = (mode: 'edit' | 'clone'): void =>
    void navigate({ to: '/editor', search: { job: job.id, mode } });
  const edit = job.abilities.edit;
  return (
    <>
      <Menu.Item
        leftSection={<IconPencil size="1rem" stroke={1.7} aria-hidden />}
        disabled={!edit.allowed}
        onClick={() => open('edit')}
        data-testid="job-menu-edit"
      >
        Edit
        {!edit.allowed && edit.reason && (
          <Text size="xs" c="dimmed" maw="16rem">
            {edit.reason}
          </Text>
        )}
      </Menu.Item>
      <Menu.Item
        leftSection={<IconCopy size="1rem" stroke={1.7} aria-hidden />}
        onClick={() => open('clone')}
        data-testid="job-menu-clone"
      >
        Clone into editor
      </Menu.Item>
    </>
  );
}

export function RowActions({ job, run }: { job: JobSummary; run: RunJobAction }): ReactNode {
  return (
    <Group gap={4} wrap="nowrap" onClick={stop}>
      <ActionButton job={job} action={holdOrRelease(job)} run={run} />
      <ActionButton job={job} action="cancel" run={run} />
      <ActionButton job={job} action="retry" run={run} />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`More actions for ${job.name}`}
            data-testid="job-more"
          >
            <IconDots size="1.1rem" stroke={1.7} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <EditorItems job={job} />
          <Menu.Divider />
          <MenuAction job={job} action="resume" run={run} />
          <Menu.Divider />
          <MenuAction job={job} action="moveTop" run={run} />
          <MenuAction job={job} action="moveUp" run={run} />
          <MenuAction job={job} action="moveDown" run={run} />
          <MenuAction job={job} action="moveBottom" run={run} />
          <Menu.Divider />
          <MenuAction job={job} action="delete" run={run} />
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
