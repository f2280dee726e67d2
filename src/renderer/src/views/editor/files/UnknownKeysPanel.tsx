/**
 * The keys DPGui does not know: those the config passes through to the trainer's files, and those of
 * the last import not passed. Each is switched on or off here, one undoable step each.
 */
import { Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useEditorConfig, useEditorStore } from '../state/use-editor';
import { useFilesState } from './files-session';
import { passThroughRows, setPassThrough, shortValue } from './import-summary-model';

export function UnknownKeysPanel() {
  const store = useEditorStore();
  const config = useEditorConfig();
  const last = useFilesState((state) => state.last);
  const lastUnknown = last?.trainer === store.schema.trainer ? last.answer.unknownKeys : undefined;
  const rows = useMemo(() => passThroughRows(config, lastUnknown ?? []), [config, lastUnknown]);

  return (
    <Stack gap="xs" aria-label="Unknown keys" role="region">
      <Title order={4}>Unknown keys</Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: every key of this config is one DPGui knows.
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          Switched on, a key is written as it is into the trainer&apos;s files; off, it is not written.
        </Text>
      )}
      {rows.map((row) => (
        <Group key={row.key} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {row.key} = {shortValue(row.value)}
            </Text>
            {row.from !== undefined && row.from !== row.key && (
              <Text size="xs" c="dimmed">
                from {row.from}
              </Text>
            )}
            {row.blocked !== null && (
              <Text size="xs" c="dimmed">
                {row.blocked}
              </Text>
            )}
          </Stack>
          <Switch
            aria-label={`Pass through ${row.key}`}
            checked={row.passed}
            disabled={row.blocked !== null}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              const present = store.getState().history.present;
              store.dispatch({
                type: 'replace',
                config: setPassThrough(present, row.key, on ? row.value : undefined),
              });
            }}
          />
        </Group>
      ))}
    </Stack>
  );
}
