/**
 * The job's config snapshot, read-only: the files its trainer reads (as configs.preview writes them
 * for this config and run folder), each with a copy button, and what it asked for (name, GPUs).
 */
import {
  ActionIcon,
  Code,
  CopyButton,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Job } from '../../../../../shared/contract';
import { useRequest } from '../../../api/use-request';
import { askedGpusText, launchLine } from './config-facts';

function CopyText({ text, what }: { text: string; what: string }): ReactNode {
  return (
    <CopyButton value={text}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`}>
          <ActionIcon variant="subtle" color="gray" aria-label={`Copy ${what}`} onClick={copy}>
            {copied ? <IconCheck size="1rem" aria-hidden /> : <IconCopy size="1rem" aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function FileBlock({ name, content }: { name: string; content: string }): ReactNode {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="config-file" data-name={name}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600} ff="monospace">
          {name}
        </Text>
        <CopyText text={content} what={name} />
      </Group>
      <ScrollArea.Autosize mah="28rem" type="auto">
        {/* Focusable: a keyboard user can scroll a long file. */}
        <Code block fz="xs" tabIndex={0} aria-label={`Contents of ${name}`}>
          {content}
        </Code>
      </ScrollArea.Autosize>
    </Paper>
  );
}

export function JobConfigPanel({ job }: { job: Job }): ReactNode {
  const preview = useRequest('configs.preview', { config: job.config, runDir: job.runDir });
  return (
    <Stack gap="sm" data-testid="job-config">
      <Group gap="xl">
        <div>
          <Text size="xs" c="dimmed">
            Name
          </Text>
          <Text size="sm" fw={500}>
            {job.name}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            GPUs asked for
          </Text>
          <Text size="sm" fw={500}>
            {askedGpusText(job.gpus)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Trainer
          </Text>
          <Text size="sm" fw={500}>
            {job.config.trainer} · {job.config.family}
          </Text>
        </div>
      </Group>
      <Text size="sm" c="dimmed">
        The config this job was queued with; it never changes. To train with other values, use “Clone into
        editor” above to change a copy and queue it (or “Edit” while the job still waits).
      </Text>
      {job.configProblem && (
        <Text size="sm" c="red" data-testid="config-problem">
          {job.configProblem}
        </Text>
      )}
      {preview.status === 'loading' && <Text size="sm">Writing its files…</Text>}
      {preview.status === 'error' && (
        <>
          <Text size="sm" data-testid="config-preview-error">
            Its files could not be written for display: {preview.message} Its stored values follow.
          </Text>
          <FileBlock name="config.json" content={JSON.stringify(job.config, null, 2)} />
        </>
      )}
      {preview.status === 'ready' && (
        <>
          <Title order={3} size="h5">
            Launch
          </Title>
          <FileBlock name="command" content={launchLine(preview.value.launch)} />
          <Title order={3} size="h5">
            Files the trainer reads
          </Title>
          {preview.value.files.map((file) => (
            <FileBlock key={file.name} name={file.name} content={file.content} />
          ))}
        </>
      )}
    </Stack>
  );
}
