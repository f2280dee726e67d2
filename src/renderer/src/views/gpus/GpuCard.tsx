/** One GPU: name, state, memory and load now and over the last minutes, and what holds it. */
import {
  Anchor,
  Badge,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  useComputedColorScheme,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { GpuCardModel, GpuCardState, GpuHolder } from './gpu-card-model';
import type { GpuChartSeries } from './gpu-chart-series';
import { GpuChart } from './GpuChart';
import { gpuChartPalettes } from './gpu-chart-palette';

const badgeColours: Record<GpuCardState, string> = {
  free: 'gray',
  training: 'blue',
  // Filled with dark text: a light orange badge is under 4.5:1 on white.
  'held-by-other': 'yellow',
  excluded: 'red',
};

function Holder({ holder }: { holder: GpuHolder }) {
  return (
    <Table.Tr data-testid="gpu-holder" data-kind={holder.kind}>
      <Table.Td>
        {holder.kind === 'job' ? (
          <Anchor component={Link} to={`/jobs/${encodeURIComponent(holder.jobId)}`} underline="always">
            {holder.label}
          </Anchor>
        ) : (
          <Text
            size="sm"
            ff="monospace"
            lineClamp={2}
            title={holder.label}
            style={{ wordBreak: 'break-all' }}
          >
            {holder.label}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {holder.kind === 'job' ? 'DPGui job' : 'Not started by DPGui'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {holder.pid}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{holder.memory}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span aria-hidden style={{ width: '0.75rem', height: '0.2rem', background: colour, borderRadius: 2 }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}

export function GpuCard({
  card,
  series,
  totalGiB,
}: {
  card: GpuCardModel;
  series: GpuChartSeries;
  totalGiB: number | null;
}) {
  const colours = gpuChartPalettes[useComputedColorScheme('light')];
  const headingId = `gpu-${card.uuid}-title`;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={headingId}
      data-testid="gpu-card"
      data-uuid={card.uuid}
      data-state={card.state}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Title order={3} size="h4" id={headingId}>
              {card.title}
            </Title>
            <Text size="sm" c="dimmed" truncate title={card.uuid}>
              {card.name}
            </Text>
          </div>
          <Badge
            color={badgeColours[card.state]}
            variant={card.state === 'held-by-other' ? 'filled' : 'light'}
            autoContrast
            data-testid="gpu-state"
          >
            {card.stateLabel}
          </Badge>
        </Group>
        {card.state === 'excluded' && (
          <Text size="sm" data-testid="gpu-excluded">
            No job is scheduled onto this GPU. Change it in{' '}
            <Anchor component={Link} to="/settings" underline="always">
              Settings
            </Anchor>{' '}
            (Excluded GPUs).
          </Text>
        )}
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" data-testid="gpu-memory">
              {card.memory}
            </Text>
            <Text size="sm" c="dimmed">
              {[card.utilisation, card.temperature].filter(Boolean).join(' · ')}
            </Text>
          </Group>
          {card.memoryPercent !== null && (
            <Progress value={card.memoryPercent} size="sm" aria-label={`${card.title} memory used`} />
          )}
        </Stack>
        <GpuChart
          series={series}
          totalGiB={totalGiB}
          label={`${card.title}: memory used and load over the last five minutes. Now ${card.memory}, ${card.utilisation}.`}
        />
        <Group gap="md">
          <Swatch colour={colours.memory} label="Memory (GiB, left)" />
          <Swatch colour={colours.load} label="Load (%, right)" />
        </Group>
        {card.holders.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="gpu-no-holders">
            No process holds memory on this GPU.
          </Text>
        ) : (
          <Table verticalSpacing={4} horizontalSpacing="xs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Held by</Table.Th>
                <Table.Th w="5rem">PID</Table.Th>
                <Table.Th w="6rem" ta="right">
                  Memory
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.holders.map((holder) => (
                <Holder key={holder.pid} holder={holder} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
