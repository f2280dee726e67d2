/**
 * name=value pairs (optimizer and network arguments): rows with a name and a value, the entries first
 * and the on/off ones (value true or false) after as switches. A row without a name is kept on screen
 * and not written.
 */
import { ActionIcon, Button, Group, Stack, Switch, Input } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { sameJson } from '../../state/value-path';
import { shownValue } from '../value-text';
import type { ControlProps } from './control-props';

interface Pair {
  key: string;
  value: string;
}

const isFlag = (value: string): boolean => /^(true|false)$/i.test(value.trim());

/** The pairs of an object, entries first and switches after (the order the user then keeps). */
export function pairsOf(value: unknown): Pair[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const pairs = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? v : JSON.stringify(v),
  }));
  return [...pairs.filter((p) => !isFlag(p.value)), ...pairs.filter((p) => isFlag(p.value))];
}

function objectOf(pairs: Pair[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) if (pair.key.trim() !== '') out[pair.key.trim()] = pair.value;
  return out;
}

export function KeyValuesControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const shown = shownValue(value, fallback);
  const [rows, setRows] = useState<Pair[]>(() => pairsOf(shown));
  const [synced, setSynced] = useState(shown);
  if (!sameJson(synced, shown)) {
    setSynced(shown);
    if (!sameJson(objectOf(rows), shown ?? {})) setRows(pairsOf(shown));
  }
  const write = (next: Pair[]) => {
    setRows(next);
    const object = objectOf(next);
    setSynced(object);
    set(object);
  };
  const entries = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isFlag(row.value));
  const flags = rows.map((row, index) => ({ row, index })).filter(({ row }) => isFlag(row.value));
  const update = (index: number, patch: Partial<Pair>) =>
    write(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => write(rows.filter((_, i) => i !== index));
  const removeButton = (index: number, name: string) => (
    <ActionIcon
      variant="subtle"
      color="gray"
      disabled={disabled}
      aria-label={`Remove ${name || 'this argument'} from ${field.label}`}
      onClick={() => remove(index)}
    >
      <IconX size="0.9rem" />
    </ActionIcon>
  );
  return (
    <Stack gap={4} role="group" aria-label={field.label} aria-describedby={describedBy}>
      {entries.map(({ row, index }) => (
        <Group key={index} gap={4} wrap="nowrap">
          <Input
            style={{ flex: 1 }}
            size="xs"
            aria-label={`${field.label}: name ${index + 1}`}
            placeholder="name"
            spellCheck={false}
            value={row.key}
            disabled={disabled}
            onChange={(e) => update(index, { key: e.currentTarget.value })}
          />
          <Input
            style={{ flex: 1 }}
            size="xs"
            aria-label={`${field.label}: value of ${row.key || `name ${index + 1}`}`}
            placeholder="value"
            spellCheck={false}
            value={row.value}
            disabled={disabled}
            onChange={(e) => update(index, { value: e.currentTarget.value })}
          />
          {removeButton(index, row.key)}
        </Group>
      ))}
      {flags.map(({ row, index }) => (
        <Group key={index} gap={4} wrap="nowrap" justify="space-between">
          <Switch
            size="xs"
            label={row.key}
            aria-label={`${field.label}: ${row.key}`}
            checked={/^true$/i.test(row.value)}
            disabled={disabled}
            onChange={(e) => update(index, { value: e.currentTarget.checked ? 'true' : 'false' })}
          />
          {removeButton(index, row.key)}
        </Group>
      ))}
      <Group gap={4}>
        <Button
          id={id}
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size="0.8rem" />}
          disabled={disabled}
          aria-label={`Add argument to ${field.label}`}
          onClick={() => setRows([...rows, { key: '', value: '' }])}
        >
          Add argument
        </Button>
      </Group>
    </Stack>
  );
}
