/**
 * The exact files the writers would write for the config in the editor, one tab each, and the launch
 * command, refreshed as the form changes (debounced; one request in flight, the newest config wins).
 */
import { ActionIcon, Code, CopyButton, Group, ScrollArea, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../../../../shared/contract';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { useClient } from '../../../api/client-context';
import { useEditorConfig } from '../state/use-editor';
import { createLatestWins, type LatestWins } from '../../../api/latest-wins';
import { launchCommand } from './launch-command';

export const previewDebounceMs = 250;

type Preview = ResponseOf<'configs.preview'>;

function CopyText({ text, what }: { text: string; what: string }) {
  return (
    <CopyButton value={text}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`} withArrow>
          <ActionIcon variant="subtle" aria-label={`Copy ${what}`} onClick={copy}>
            {copied ? <IconCheck size="1rem" /> : <IconCopy size="1rem" />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

export function FilesPreview({ debounceMs = previewDebounceMs }: { debounceMs?: number }) {
  const client = useClient();
  const config = useEditorConfig();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>(null);

  const latest = useRef<LatestWins<TrainerConfig> | null>(null);
  useEffect(() => {
    // An answer about a config typed past is dropped: the newest one's answer says more.
    const next = createLatestWins<TrainerConfig, Preview>({
      delayMs: debounceMs,
      run: (input) => client.request('configs.preview', { config: input }),
      onResult: (result, _input, newest) => {
        if (!newest) return;
        setPreview(result);
        setError(null);
      },
      onError: (failure, _input, newest) => {
        if (newest) setError(failure instanceof Error ? failure.message : String(failure));
      },
    });
    latest.current = next;
    return () => next.dispose();
  }, [client, debounceMs]);
  useEffect(() => {
    latest.current?.submit(config);
  }, [latest, config, client, debounceMs]);

  if (preview === null) {
    return (
      <Text size="sm" c={error === null ? 'dimmed' : 'red'}>
        {error === null ? 'Writing the preview…' : `The preview could not be made: ${error}`}
      </Text>
    );
  }
  const shown = preview.files.some((f) => f.name === tab) ? tab : (preview.files[0]?.name ?? null);
  const command = launchCommand(preview.launch);
  return (
    <Stack gap="xs" aria-label="Files preview" role="region">
      {error !== null && (
        <Text size="xs" c="red">
          The preview is of an earlier state: {error}
        </Text>
      )}
      <Tabs value={shown} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          {preview.files.map((file) => (
            <Tabs.Tab
              key={file.name}
              value={file.name}
              // The role as a hover title, not a badge: two tabs then fit one row of the narrow side panel.
              title={`The ${file.role} file`}
            >
              {file.name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {preview.files.map((file) => (
          <Tabs.Panel key={file.name} value={file.name} pt="xs">
            <Group justify="flex-end" gap={4}>
              <CopyText text={file.content} what={file.name} />
            </Group>
            {/* Focusable, so the file can be scrolled with the keyboard. */}
            <ScrollArea.Autosize mah="60vh" type="auto" viewportProps={{ tabIndex: 0 }}>
              <Code block aria-label={`Contents of ${file.name}`} style={{ whiteSpace: 'pre' }}>
                {file.content}
              </Code>
            </ScrollArea.Autosize>
          </Tabs.Panel>
        ))}
      </Tabs>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="sm" fw={600}>
          Launch command
        </Text>
        <CopyText text={command} what="the launch command" />
      </Group>
      <Code block aria-label="Launch command" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {command}
      </Code>
    </Stack>
  );
}
