import { Anchor, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconRoad } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';

/** A view of part 2 of the trainer UI: what it will do, and what to do until then. No fake rows. */
export function ComesNext({ title, what, will }: { title: string; what: string; will: readonly string[] }) {
  return (
    <Stack gap="md" data-testid="comes-next">
      <Title order={2}>{title}</Title>
      <Paper withBorder p="xl" radius="md">
        <Stack gap="sm" maw={640}>
          <ThemeIcon variant="light" size="xl" radius="md" aria-hidden>
            <IconRoad size="1.6rem" stroke={1.5} />
          </ThemeIcon>
          <Text fw={600}>Comes next</Text>
          <Text>{what}</Text>
          <List size="sm" spacing={4}>
            {will.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            Until then, jobs are queued through DPGui&apos;s API (<code>jobs.enqueue</code>) and followed in
            the{' '}
            <Anchor component={Link} to="/queue" underline="always">
              Queue
            </Anchor>
            .
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
