/**
 * The buckets the chosen trainer will make of this dataset at the chosen resolution, batch size and
 * bucket settings (datasets.buckets), with the steps per epoch and the files it leaves out.
 */
import {
  Alert,
  Group,
  List,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { liveRequest, useLive } from '../../api/live-state';
import { bucketSettingsOf, defaultBucketForm, type BucketForm } from './bucket-settings';
import { plural } from './dataset-stats';
import classes from './datasets.module.css';

const whole = (value: string | number): number => (typeof value === 'number' ? value : Number.NaN);

export function BucketPanel({ id, scannedAt }: { id: string; scannedAt: string }): ReactNode {
  const [form, setForm] = useState<BucketForm>(defaultBucketForm);
  const [debounced] = useDebouncedValue(form, 250);
  const result = bucketSettingsOf(debounced);
  const set = <K extends keyof BucketForm>(key: K, value: BucketForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const preview = useLive({
    ...liveRequest('datasets.buckets', {
      id,
      settings: result.ok ? result.settings : { trainer: 'sd-scripts', resolution: 1 },
    }),
    // Keyed by the scan too: a rescan reads the preview again.
    payload: { id, settings: result.ok ? result.settings : null, scannedAt },
    enabled: result.ok,
  });
  const sd = form.trainer === 'sd-scripts';
  const answer = preview.data;
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="bucket-trainer-label">
            Trainer
          </Text>
          <SegmentedControl
            aria-labelledby="bucket-trainer-label"
            value={form.trainer}
            onChange={(value) => set('trainer', value)}
            data={[
              { value: 'sd-scripts', label: 'sd-scripts' },
              { value: 'diffusion-pipe', label: 'diffusion-pipe' },
            ]}
          />
        </Stack>
        <TextInput
          label={sd ? 'Resolution' : 'Resolutions'}
          description={sd ? '1024, or 1024x768' : 'one or more sides: 512, 1024'}
          value={form.resolution}
          onChange={(event) => set('resolution', event.currentTarget.value)}
          w="11rem"
          data-testid="bucket-resolution"
        />
        <NumberInput
          label={sd ? 'Batch size' : 'Micro batch per GPU'}
          min={1}
          value={form.batchSize}
          onChange={(value) => set('batchSize', whole(value))}
          w="9rem"
          data-testid="bucket-batch"
        />
        <NumberInput
          label="Repeats"
          min={1}
          value={form.repeats}
          onChange={(value) => set('repeats', whole(value))}
          w="7rem"
        />
        <NumberInput
          label="Gradient accumulation"
          min={1}
          value={form.gradientAccumulation}
          onChange={(value) => set('gradientAccumulation', whole(value))}
          w="11rem"
        />
      </Group>
      {sd ? (
        <Group align="flex-end" gap="md">
          <Switch
            label="Aspect-ratio buckets"
            checked={form.enableBucket}
            onChange={(event) => set('enableBucket', event.currentTarget.checked)}
          />
          <NumberInput
            label="Smallest bucket side"
            value={form.minBucketReso}
            min={1}
            disabled={!form.enableBucket}
            onChange={(value) => set('minBucketReso', whole(value))}
            w="10rem"
          />
          <NumberInput
            label="Largest bucket side"
            value={form.maxBucketReso}
            min={1}
            disabled={!form.enableBucket}
            onChange={(value) => set('maxBucketReso', whole(value))}
            w="10rem"
          />
          <NumberInput
            label="Side step"
            value={form.bucketResoSteps}
            min={1}
            disabled={!form.enableBucket}
            onChange={(value) => set('bucketResoSteps', whole(value))}
            w="7rem"
          />
          <Switch
            label="No upscale"
            checked={form.bucketNoUpscale}
            disabled={!form.enableBucket}
            onChange={(event) => set('bucketNoUpscale', event.currentTarget.checked)}
          />
        </Group>
      ) : (
        <Group align="flex-end" gap="md">
          <Switch
            label="Aspect-ratio buckets"
            checked={form.enableArBucket}
            onChange={(event) => set('enableArBucket', event.currentTarget.checked)}
          />
          <NumberInput
            label="Smallest ratio"
            value={form.minAr}
            min={0.01}
            step={0.1}
            decimalScale={3}
            disabled={!form.enableArBucket}
            onChange={(value) => set('minAr', whole(value))}
            w="8rem"
          />
          <NumberInput
            label="Largest ratio"
            value={form.maxAr}
            min={0.01}
            step={0.1}
            decimalScale={3}
            disabled={!form.enableArBucket}
            onChange={(value) => set('maxAr', whole(value))}
            w="8rem"
          />
          <NumberInput
            label="Ratio buckets"
            value={form.numArBuckets}
            min={1}
            disabled={!form.enableArBucket}
            onChange={(value) => set('numArBuckets', whole(value))}
            w="8rem"
          />
        </Group>
      )}

      {!result.ok && (
        <Alert color="orange" data-testid="bucket-settings-problem">
          {result.problem}
        </Alert>
      )}
      {result.ok && preview.error && (
        <Alert color="red" title="The bucket preview could not be computed">
          {preview.error}
        </Alert>
      )}
      {result.ok && answer && (
        <Stack gap="sm" data-testid="bucket-preview">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Steps per epoch
              </Text>
              <Text size="xl" fw={700} data-testid="bucket-steps">
                {answer.optimizerStepsPerEpoch.toLocaleString('en')}
              </Text>
              {answer.optimizerStepsPerEpoch !== answer.stepsPerEpoch && (
                <Text size="xs" c="dimmed">
                  {plural(answer.stepsPerEpoch, 'batch', 'batches')} before accumulation
                </Text>
              )}
            </div>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Buckets
              </Text>
              <Text size="xl" fw={700}>
                {answer.buckets.length}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Left out
              </Text>
              <Text size="xl" fw={700} className={answer.left.length > 0 ? classes.warn : undefined}>
                {answer.left.length}
              </Text>
            </div>
            {answer.meanArError !== null && (
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Mean ratio error
                </Text>
                <Text size="xl" fw={700}>
                  {answer.meanArError.toFixed(3)}
                </Text>
              </div>
            )}
          </SimpleGrid>
          {answer.warnings.map((warning) => (
            <Alert key={warning} color="yellow">
              {warning}
            </Alert>
          ))}
          <Table.ScrollContainer minWidth="28rem" mah="22rem">
            <Table striped verticalSpacing={4} aria-label="Buckets" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Bucket</Table.Th>
                  {!sd && <Table.Th>Ratio</Table.Th>}
                  <Table.Th ta="right">Images</Table.Th>
                  <Table.Th ta="right">With repeats</Table.Th>
                  <Table.Th ta="right">Batches</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.buckets.map((bucket) => (
                  <Table.Tr
                    key={`${bucket.width}x${bucket.height}x${bucket.frames}`}
                    data-testid="bucket-row"
                  >
                    <Table.Td>
                      {bucket.width}×{bucket.height}
                      {bucket.frames > 1 ? ` × ${bucket.frames} frames` : ''}
                    </Table.Td>
                    {!sd && <Table.Td>{bucket.aspectRatio?.toFixed(3) ?? '—'}</Table.Td>}
                    <Table.Td ta="right">{bucket.images.toLocaleString('en')}</Table.Td>
                    <Table.Td ta="right">{bucket.imagesWithRepeats.toLocaleString('en')}</Table.Td>
                    <Table.Td ta="right">{bucket.steps.toLocaleString('en')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {answer.left.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                Left out by the trainer
              </Text>
              <List size="sm">
                {answer.left.slice(0, 20).map((left) => (
                  <List.Item key={left.path}>
                    {left.path}: {left.reason}
                  </List.Item>
                ))}
                {answer.left.length > 20 && <List.Item>and {answer.left.length - 20} more</List.Item>}
              </List>
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}
