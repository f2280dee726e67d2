/**
 * "Continue from here…" for one checkpoint row: resume the run from this saved state with a higher
 * total (jobs.retry with resume, `from` and the new total), then open the new job's page. Where this
 * save cannot be resumed the choice is greyed with the reason. The second way, a new job from these
 * weights, needs the config editor (part 2): absent until it lands.
 */
import {
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import type { Artifact, Job } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { checkTotal, resumeFromHere, trainingLength, type TotalUnit } from './checkpoint-model';

export interface ContinueModalProps {
  job: Job;
  artifact: Artifact | null;
  onClose: () => void;
}

function ResumeForm({
  job,
  artifact,
  onClose,
}: {
  job: Job;
  artifact: Artifact;
  onClose: () => void;
}): ReactNode {
  const client = useClient();
  const navigate = useNavigate();
  const length = trainingLength(job);
  const totals = length.current;
  const [unit, setUnit] = useState<TotalUnit>(length.unit ?? (totals.steps === null ? 'epochs' : 'steps'));
  const current = totals[unit];
  const [value, setValue] = useState<number | string>(current === null ? '' : current * 2);
  const [busy, setBusy] = useState(false);
  const ability = resumeFromHere(job, artifact);
  const problem = checkTotal(value, current, unit);

  const submit = (): void => {
    if (!ability.allowed || problem !== null || typeof value !== 'number') return;
    setBusy(true);
    client
      .request('jobs.retry', {
        id: job.id,
        resume: true,
        from: artifact.path,
        ...(unit === 'steps' ? { totalSteps: value } : { totalEpochs: value }),
      })
      .then((next) => {
        onClose();
        notifications.show({
          title: `"${next.name}" is queued`,
          message: 'It resumes from the saved state you chose.',
        });
        void navigate({ to: '/jobs/$jobId', params: { jobId: next.id } });
      })
      .catch((error: unknown) => {
        setBusy(false);
        const message = error instanceof Error ? error.message : String(error);
        notifications.show({
          color: 'red',
          title: `Could not resume "${job.name}"`,
          message:
            message.trim() === '' ? 'The host gave no reason. Check the connection and try again.' : message,
        });
      });
  };

  return (
    <Stack gap="sm">
      <Radio.Group value="resume" label="How to continue">
        <Stack gap="xs" mt="xs">
          <Radio
            value="resume"
            label="Resume this run from here, training longer"
            description={
              ability.allowed ? 'A new job in the queue, continuing from this saved state.' : ability.reason
            }
            disabled={!ability.allowed}
            data-testid="continue-resume"
          />
        </Stack>
      </Radio.Group>
      {ability.allowed && (
        <>
          {/* The config says its unit (the host takes the total in that one only); else the user picks. */}
          {length.unit === null && (
            <SegmentedControl
              value={unit}
              onChange={(next) => {
                const chosen = next;
                setUnit(chosen);
                const now = totals[chosen];
                setValue(now === null ? '' : now * 2);
              }}
              data={[
                { value: 'steps', label: 'Total steps' },
                { value: 'epochs', label: 'Total epochs' },
              ]}
              aria-label="Count the new total in"
              w="fit-content"
            />
          )}
          <NumberInput
            label={`Train up to (total ${unit})`}
            description={
              current === null
                ? `How many ${unit} the resumed run trains in all.`
                : `It trained to ${current.toLocaleString('en-US')} ${unit}; give a higher total.`
            }
            value={value}
            onChange={setValue}
            min={(current ?? 0) + 1}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            error={value === '' ? null : problem}
            data-autofocus
            data-testid="continue-total"
          />
        </>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={submit}
          disabled={!ability.allowed || problem !== null}
          loading={busy}
          data-testid="continue-submit"
        >
          Resume from here
        </Button>
      </Group>
    </Stack>
  );
}

export function ContinueModal({ job, artifact, onClose }: ContinueModalProps): ReactNode {
  return (
    <Modal opened={artifact !== null} onClose={onClose} title="Continue from here" size="lg">
      {artifact && (
        <Stack gap="sm">
          <Paper withBorder p="xs">
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {artifact.path}
            </Text>
          </Paper>
          <ResumeForm job={job} artifact={artifact} onClose={onClose} />
        </Stack>
      )}
    </Modal>
  );
}
