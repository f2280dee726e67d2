/** One titled panel of the Settings page and of the first-start setup. */
import { Group, Paper, Stack, Title, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

export function SettingsSection({
  title,
  aside,
  gap = 'sm',
  children,
}: {
  title: string;
  /** Beside the title, at the right (a link). */
  aside?: ReactNode;
  gap?: MantineSpacing;
  children: ReactNode;
}) {
  const heading = (
    <Title order={3} size="h4">
      {title}
    </Title>
  );
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap={gap}>
        {aside ? (
          <Group justify="space-between">
            {heading}
            {aside}
          </Group>
        ) : (
          heading
        )}
        {children}
      </Stack>
    </Paper>
  );
}
