/** The GPUs page (`#/gpus`): every GPU as a card, or what to do when nvidia-smi gives none. */
import { Alert, Center, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useGpus } from '../../api/live-state';
import { gpuCardModel } from './gpu-card-model';
import { gpuChartSeries } from './gpu-chart-series';
import { gpusNotice } from './gpus-notice';
import { GpuCard } from './GpuCard';

function sampledAtText(sampledAt: string | null): string {
  if (sampledAt === null) return '';
  const at = new Date(sampledAt);
  return Number.isNaN(at.getTime()) ? '' : `Sampled at ${at.toLocaleTimeString()}`;
}

export function GpusView() {
  const gpus = useGpus();
  const data = gpus.data;
  const cards = useMemo(
    () =>
      (data?.gpus ?? []).map((gpu) => ({
        card: gpuCardModel(gpu),
        series: gpuChartSeries(data?.history ?? [], gpu.uuid),
        totalGiB: gpu.memoryTotalMiB === null ? null : gpu.memoryTotalMiB / 1024,
      })),
    [data],
  );
  const notice = data ? gpusNotice(data) : null;
  const busy = cards.filter((c) => c.card.holders.length > 0).length;

  return (
    <Stack gap="md" data-testid="gpus-view">
      <Group justify="space-between" align="baseline">
        <Title order={2}>GPUs</Title>
        {data && data.gpus.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="gpus-summary">
            {`${data.gpus.length} GPU${data.gpus.length === 1 ? '' : 's'}, ${busy} in use`}
            {data.sampledAt ? ` · ${sampledAtText(data.sampledAt)}` : ''}
          </Text>
        )}
      </Group>
      {!data && gpus.error === null && (
        <Center p="xl">
          <Loader size="sm" aria-label="Reading the GPUs" />
        </Center>
      )}
      {!data && gpus.error !== null && (
        <Alert
          color="red"
          title="The GPU list could not be loaded"
          icon={<IconAlertTriangle size="1.2rem" />}
        >
          {gpus.error} It loads again by itself once the connection to DPGui is back.
        </Alert>
      )}
      {notice && (
        <Alert
          color={notice.tone === 'error' ? 'red' : 'yellow'}
          title={notice.title}
          icon={<IconAlertTriangle size="1.2rem" />}
          data-testid="gpus-notice"
        >
          <Stack gap={4}>
            {notice.detail && <Text size="sm">{notice.detail}</Text>}
            <Text size="sm">{notice.fix}</Text>
          </Stack>
        </Alert>
      )}
      {cards.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {cards.map(({ card, series, totalGiB }) => (
            <GpuCard key={card.uuid} card={card} series={series} totalGiB={totalGiB} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
