/** The GPUs as the setup shows them: name, memory, and what holds each (a DPGui job or another program). */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { Gpu } from '../../../../shared/contract';
import { useGpus } from '../../api/live-state';

function memory(gpu: Gpu): string {
  if (gpu.memoryTotalMiB === null) return 'memory not reported';
  const gib = (mib: number) => (mib / 1024).toFixed(1);
  return `${gib(gpu.memoryUsedMiB ?? 0)} of ${gib(gpu.memoryTotalMiB)} GiB used`;
}

function holders(gpu: Gpu): string {
  if (gpu.processes.length === 0) return 'Free';
  return gpu.processes
    .map((p) =>
      p.jobId ? `job ${p.jobName ?? p.jobId}` : `${p.name} (pid ${p.pid}, ${p.usedMemoryMiB} MiB)`,
    )
    .join('; ');
}

export function GpuSummary() {
  const gpus = useGpus();
  if (gpus.error) return <Text c="red">{gpus.error}</Text>;
  if (!gpus.data) return <Text c="dimmed">Reading the GPUs…</Text>;
  if (gpus.data.state !== 'ok' || gpus.data.gpus.length === 0)
    return <Text data-testid="gpu-summary-message">{gpus.data.message || 'No NVIDIA GPU was found.'}</Text>;
  return (
    <Table data-testid="gpu-summary" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="40%">GPU</Table.Th>
          <Table.Th w="25%">Memory</Table.Th>
          <Table.Th>Held by</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {gpus.data.gpus.map((gpu) => (
          <Table.Tr key={gpu.uuid}>
            <Table.Td>
              <Stack gap={0}>
                <Group gap="xs">
                  <Text size="sm">
                    {gpu.index}: {gpu.name}
                  </Text>
                  {gpu.excluded && (
                    <Badge color="gray" variant="light" size="sm">
                      Excluded
                    </Badge>
                  )}
                </Group>
              </Stack>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{memory(gpu)}</Text>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Text size="sm">{holders(gpu)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
