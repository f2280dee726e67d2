/** A failed or interrupted job's reason and hint, above everything, with its last log lines. */
import { Alert, Code, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useRequest } from '../../../api/use-request';

export const failureLogLines = 20;

function LastLines({ jobId }: { jobId: string }): ReactNode {
  const log = useRequest('logs.read', { jobId, last: failureLogLines });
  if (log.status === 'loading') return <Text size="sm">Reading its last lines…</Text>;
  if (log.status === 'error') return <Text size="sm">Its last lines could not be read: {log.message}</Text>;
  if (log.value.lines.length === 0) return <Text size="sm">It printed nothing.</Text>;
  return (
    <ScrollArea.Autosize mah="16rem" type="auto">
      <Code block data-testid="job-failure-lines" fz="xs">
        {log.value.lines.map((line) => line.text).join('\n')}
      </Code>
    </ScrollArea.Autosize>
  );
}

export function FailureBanner(props: { jobId: string; reason: string; hint: string | null }): ReactNode {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size="1.2rem" aria-hidden />}
      title={props.reason}
      data-testid="job-failure"
      // The body may shrink below its longest log line: the lines scroll sideways, the hint wraps.
      styles={{ body: { minWidth: 0 } }}
    >
      <Stack gap="xs">
        {props.hint && <Text size="sm">{props.hint}</Text>}
        <Text size="sm" fw={500}>
          Its last lines:
        </Text>
        <LastLines jobId={props.jobId} />
      </Stack>
    </Alert>
  );
}
