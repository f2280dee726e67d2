import type { ReactNode } from 'react';
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** An address that names no view (an old or mistyped link). */
export function NotFound(): ReactNode {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="not-found">
      <Stack gap="xs">
        <Title order={2}>No such page</Title>
        <Text>This address names no view of DPGui; the link may be old or mistyped.</Text>
        <Text>
          Open the{' '}
          <Anchor component={Link} to="/queue" underline="always">
            Queue
          </Anchor>{' '}
          or pick a view on the left.
        </Text>
      </Stack>
    </Paper>
  );
}
