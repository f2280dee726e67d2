/**
 * The Queue tab: the job's name and its GPUs (a count, or exactly the chosen ones), and "Add to queue"
 * — "Save changes to the queued job" for a job being edited (jobs.replace). Blocked while an error
 * stands, saying which, each a link to its field. A config not checked since the last edit is checked
 * once more before it is queued (the host queues what it is given).
 */
import { Alert, Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlaylistAdd } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { GpuRequest, Job } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { useGpus } from '../../../api/live-state';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { IssueLink, type GoToField } from '../validation/ProblemLinks';
import { problemsOf } from '../validation/problem-model';
import { blockedReason, gpuRequestOf, queueButtonLabel, startingName, type GpuChoice } from './queue-model';

export interface QueuePanelProps {
  goTo: GoToField;
  /** The job was queued (or replaced): forget the draft and show it. */
  onQueued: (job: Job) => void;
  /** The GPUs asked for (the page holds them: the dataset section's steps follow the count). */
  gpus: GpuChoice;
  onGpus: (next: GpuChoice) => void;
}

function GpuPicker({ choice, onChange }: { choice: GpuChoice; onChange: (next: GpuChoice) => void }) {
  const gpus = useGpus().data;
  const listed = gpus?.state === 'ok' ? gpus.gpus : [];
  return (
    <Stack gap="xs">
      <NumberInput
        label="GPU count"
        description={choice.chosen.length > 0 ? 'Set by the GPUs chosen below.' : '0 trains on the CPU.'}
        min={0}
        max={64}
        allowDecimal={false}
        value={choice.chosen.length > 0 ? choice.chosen.length : choice.count}
        disabled={choice.chosen.length > 0}
        onChange={(value) => onChange({ ...choice, count: typeof value === 'number' ? value : 0 })}
      />
      {listed.length > 0 && (
        <Checkbox.Group
          label="Only these GPUs"
          description="Leave all unticked to take any free GPUs."
          value={choice.chosen}
          onChange={(chosen) => onChange({ ...choice, chosen })}
        >
          <Stack gap={4} mt={4}>
            {listed.map((gpu) => (
              <Checkbox key={gpu.uuid} value={gpu.uuid} label={`GPU ${gpu.index}: ${gpu.name}`} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </Stack>
  );
}

export function QueuePanel({ goTo, onQueued, gpus: choice, onGpus }: QueuePanelProps): ReactNode {
  const client = useClient();
  const store = useEditorStore();
  const origin = useEditorSelector((state) => state.origin);
  const family = useEditorSelector((state) => state.history.present.family);
  const { errors } = useEditorSelector(problemsOf);
  const familyLabel = store.schema.families.find((f) => f.id === family)?.label ?? family;
  const [name, setName] = useState(() => startingName(origin, familyLabel));
  const [busy, setBusy] = useState(false);
  const editing = origin.kind === 'job' && origin.mode === 'edit' ? origin : null;
  const blocked = blockedReason(name, errors);
  const label = queueButtonLabel(origin);

  const queue = async (): Promise<void> => {
    const state = store.getState();
    const config = state.history.present;
    if (state.issuesFor !== config) {
      const answer = await client.request('configs.validate', {
        config,
        ...(editing ? { jobId: editing.jobId } : {}),
      });
      store.setIssues(answer.issues, config);
      if (answer.issues.some((issue) => issue.severity === 'error')) return;
    }
    const gpus: GpuRequest = gpuRequestOf(choice);
    const queued = editing
      ? await client.request('jobs.replace', { id: editing.jobId, name: name.trim(), config, gpus })
      : await client.request('jobs.enqueue', {
          name: name.trim(),
          config,
          gpus,
          ...(origin.kind === 'job' ? { clonedFrom: origin.jobId } : {}),
        });
    notifications.show({
      color: 'green',
      title: editing ? 'Queued job changed' : 'Added to the queue',
      message: `“${queued.name}” is in the queue.`,
    });
    onQueued(queued);
  };

  return (
    <Stack gap="md" data-testid="queue-panel">
      <TextInput
        label="Job name"
        value={name}
        maxLength={200}
        onChange={(event) => setName(event.currentTarget.value)}
        required
      />
      <GpuPicker choice={choice} onChange={onGpus} />
      {blocked !== null && (
        <Alert color={errors.length > 0 ? 'red' : 'gray'} variant="light" p="xs" data-testid="queue-blocked">
          <Text size="sm" fw={500}>
            {blocked}
          </Text>
          <Stack gap={2} mt={errors.length > 0 ? 4 : 0}>
            {errors.map((issue, index) => (
              <IssueLink key={`${issue.path}-${index}`} issue={issue} goTo={goTo} />
            ))}
          </Stack>
        </Alert>
      )}
      <Group>
        <Button
          leftSection={<IconPlaylistAdd size="1.1rem" aria-hidden />}
          disabled={blocked !== null}
          loading={busy}
          onClick={() => {
            setBusy(true);
            queue()
              .catch((error: unknown) => {
                const message = error instanceof Error ? error.message : String(error);
                notifications.show({
                  color: 'red',
                  title: editing
                    ? `Could not change “${editing.name}”`
                    : 'Could not add the job to the queue',
                  message:
                    message.trim() === ''
                      ? 'The host gave no reason. Check the connection and try again.'
                      : message,
                });
              })
              .finally(() => setBusy(false));
          }}
          data-testid="add-to-queue"
        >
          {label}
        </Button>
      </Group>
    </Stack>
  );
}
