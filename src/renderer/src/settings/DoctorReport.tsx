/** The doctor's report: the machine's checks, then each install's, green / amber / red with their sentences. */
import { Badge, Button, Group, Loader, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconStethoscope } from '@tabler/icons-react';
import { doctorView, type CheckRow } from './doctor-model';
import type { DoctorRun } from './use-doctor';

export function DoctorReport({ doctor }: { doctor: DoctorRun }) {
  const view = doctor.answer ? doctorView(doctor.answer) : null;
  return (
    <Stack gap="sm" data-testid="doctor-report" aria-busy={doctor.running}>
      <Group gap="xs">
        <Button
          leftSection={<IconStethoscope style={{ width: '1rem', height: '1rem' }} aria-hidden />}
          onClick={doctor.run}
          loading={doctor.running}
          // Not filled: white on the dark scheme's lighter primary fails contrast.
          variant={view ? 'default' : 'light'}
        >
          {view ? 'Check again' : 'Check this machine'}
        </Button>
        {doctor.running && (
          <Button variant="subtle" color="red" onClick={doctor.cancel}>
            Cancel the check
          </Button>
        )}
      </Group>
      {doctor.running && (
        <Stack gap={4} data-testid="doctor-progress">
          <Group gap="xs">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{doctor.progress?.message ?? 'Starting the checks…'}</Text>
          </Group>
          {doctor.progress && (
            <Progress
              value={(100 * doctor.progress.done) / doctor.progress.total}
              aria-label={`Checks done: ${doctor.progress.done} of ${doctor.progress.total}`}
            />
          )}
        </Stack>
      )}
      {doctor.error && (
        <Text c="red" size="sm" role="alert">
          {doctor.error}
        </Text>
      )}
      {view && (
        <>
          <Checks title="This machine" rows={view.machine} testId="doctor-machine" />
          {view.installs.map((install) => (
            <Paper
              key={install.install}
              withBorder
              p="sm"
              radius="sm"
              data-testid={`doctor-${install.install}`}
            >
              <Stack gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <Badge color={install.color} variant="dot" data-verdict={install.verdict}>
                    {install.verdict === 'ok' ? 'Ready' : install.verdict === 'warn' ? 'Check' : 'Fix'}
                  </Badge>
                  <Title order={5}>{install.title}</Title>
                </Group>
                <Text size="sm">{install.message}</Text>
                {install.checks.length > 0 && (
                  <Checks rows={install.checks} testId={`doctor-${install.install}-checks`} />
                )}
              </Stack>
            </Paper>
          ))}
        </>
      )}
    </Stack>
  );
}

function Checks({ title, rows, testId }: { title?: string; rows: CheckRow[]; testId: string }) {
  return (
    <Stack gap={4}>
      {title && <Title order={5}>{title}</Title>}
      <Table data-testid={testId} verticalSpacing={4} layout="fixed">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-verdict={row.verdict}>
              <Table.Td w="8.5rem">
                <Badge color={row.color} variant="dot" fullWidth>
                  {row.label}
                </Badge>
              </Table.Td>
              <Table.Td w="30%" style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm" fw={500} title={row.id}>
                  {row.title}
                </Text>
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm">{row.text}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
