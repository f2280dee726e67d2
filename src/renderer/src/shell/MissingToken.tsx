import { Center, Code, Paper, Stack, Text, Title } from '@mantine/core';

/** A browser opened without the token: say where the right link comes from. */
export function MissingToken({ keptRoute }: { keptRoute: string | null }) {
  return (
    <Center h="100vh" p="md">
      <Paper withBorder p="xl" radius="md" maw={560} data-testid="missing-token">
        <Stack gap="sm">
          <Title order={3}>Open DPGui with its link</Title>
          <Text>
            This page needs the link that <Code>dpgui serve</Code> printed when it started. It carries a key
            that changes every time the host starts, so only people who can see that output can use DPGui.
          </Text>
          <Text c="dimmed" size="sm">
            Look for the line starting with “Open DPGui:” in the terminal where the host runs.
          </Text>
          {keptRoute && (
            <Text size="sm" data-testid="kept-route">
              Open it in this tab: DPGui then shows the page this link named.
            </Text>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
