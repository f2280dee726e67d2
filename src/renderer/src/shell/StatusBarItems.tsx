import { Box, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StatusItem, StatusTone } from './status-bar-model';

const toneColors: Record<StatusTone, string> = {
  ok: 'var(--mantine-color-teal-6)',
  busy: 'var(--mantine-color-blue-5)',
  warn: 'var(--mantine-color-yellow-6)',
  error: 'var(--mantine-color-red-6)',
  muted: 'var(--mantine-color-gray-5)',
};

/** The status bar's items as the model made them: a coloured dot, a word, the detail on hover. */
export function StatusBarItems({ items, extra }: { items: readonly StatusItem[]; extra?: ReactNode }) {
  return (
    <Group h="100%" px="md" gap="lg" wrap="nowrap" data-testid="status-bar">
      {items.map((item) => (
        <Tooltip key={item.id} label={item.detail} multiline maw={360} openDelay={300}>
          <Group
            gap={6}
            wrap="nowrap"
            data-testid={`status-${item.id}`}
            data-tone={item.tone}
            data-state={item.state}
            tabIndex={0}
          >
            <Box
              aria-hidden
              w="0.5rem"
              h="0.5rem"
              style={{ borderRadius: '50%', background: toneColors[item.tone], flex: 'none' }}
            />
            <Text size="xs" fw={item.tone === 'warn' || item.tone === 'error' ? 600 : 400} lineClamp={1}>
              {item.text}
            </Text>
            <VisuallyHidden>{item.detail}</VisuallyHidden>
          </Group>
        </Tooltip>
      ))}
      <Box ml="auto">{extra}</Box>
    </Group>
  );
}
