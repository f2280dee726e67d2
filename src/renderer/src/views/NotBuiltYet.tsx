import { Paper, Stack, Text, Title } from '@mantine/core';
import { IconHammer } from '@tabler/icons-react';

/** The honest state of a view whose feature has not been built: no sample data, no fake rows. */
export function NotBuiltYet({ title, what }: { title: string; what: string }) {
  return (
    <Stack gap="md" data-testid="not-built-yet">
      <Title order={2}>{title}</Title>
      <Paper withBorder p="xl" radius="md">
        <Stack align="center" gap="xs">
          <IconHammer size={32} stroke={1.5} aria-hidden />
          <Text fw={600}>Not built yet</Text>
          <Text c="dimmed" ta="center" maw={520}>
            {what}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
