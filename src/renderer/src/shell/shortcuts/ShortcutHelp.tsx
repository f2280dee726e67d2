import { Group, Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useOs } from '@mantine/hooks';
import { Fragment } from 'react';
import { shortcutHelp } from './shortcut-registry';
import { useShortcutList } from './shortcuts-context';

/** The help overlay (`?`): every shortcut registered now, by group. */
export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const os = useOs();
  const groups = shortcutHelp(useShortcutList(), os === 'macos' || os === 'ios');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Keyboard shortcuts"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      data-testid="shortcut-help"
    >
      <Stack gap="lg">
        {groups.map((group) => (
          <Stack key={group.group} gap={4}>
            <Title order={4}>{group.group}</Title>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {group.shortcuts.map((shortcut) => (
                  <Table.Tr key={shortcut.id}>
                    <Table.Td>{shortcut.label}</Table.Td>
                    <Table.Td w="40%">
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        {shortcut.keys.map((keys, i) => (
                          <Fragment key={keys.join('+')}>
                            {i > 0 && (
                              <Text size="xs" c="dimmed">
                                or
                              </Text>
                            )}
                            <Group gap={2} wrap="nowrap">
                              {keys.map((key) => (
                                <Kbd key={key} size="sm">
                                  {key}
                                </Kbd>
                              ))}
                            </Group>
                          </Fragment>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
        <Text size="sm" c="dimmed">
          Single keys work when no text field has the focus.
        </Text>
      </Stack>
    </Modal>
  );
}
