/**
 * Lists of plain values: numbers typed in one line ("1, 1, 0.5", the block weights' 12 or 25 values),
 * text as one row per entry with add and remove. Empty clears the field (null).
 */
import { ActionIcon, Button, Group, Stack, Text, Input } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { numberListText, parseNumberListText, shownValue } from '../value-text';
import type { ControlProps } from './control-props';

export function NumberListControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const integer = field.schema.items?.type === 'integer';
  const shown = numberListText(shownValue(value, fallback));
  const [draft, setDraft] = useState(shown);
  const [synced, setSynced] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  if (synced !== shown) {
    setSynced(shown);
    const parsed = parseNumberListText(draft, integer);
    if (!parsed.ok || numberListText(parsed.value) !== shown) {
      setDraft(shown);
      setProblem(null);
    }
  }
  const count =
    field.schema.minItems !== undefined && field.schema.minItems === field.schema.maxItems
      ? field.schema.minItems
      : null;
  return (
    <>
      <Input
        id={id}
        aria-label={field.label}
        aria-describedby={describedBy}
        size="xs"
        spellCheck={false}
        autoComplete="off"
        value={draft}
        disabled={disabled}
        placeholder={count ? `${count} numbers, separated by commas` : 'Numbers, separated by commas'}
        error={problem !== null}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          const parsed = parseNumberListText(text, integer);
          if (!parsed.ok) {
            setProblem(parsed.message);
            return;
          }
          setProblem(null);
          set(parsed.value);
        }}
      />
      {problem && (
        <Text size="xs" c="red" data-kind="error">
          {problem}
        </Text>
      )}
    </>
  );
}

export function TextListControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const shown = shownValue(value, fallback);
  const items = Array.isArray(shown) ? shown.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
  const write = (next: string[]) => set(next.length === 0 ? null : next);
  return (
    <Stack gap={4}>
      {items.map((item, index) => (
        <Group key={index} gap={4} wrap="nowrap">
          <Input
            id={index === 0 ? id : undefined}
            style={{ flex: 1 }}
            aria-label={index === 0 ? field.label : `${field.label} ${index + 1}`}
            aria-describedby={describedBy}
            size="xs"
            spellCheck={false}
            autoComplete="off"
            value={item}
            disabled={disabled}
            onChange={(event) => write(items.map((v, i) => (i === index ? event.currentTarget.value : v)))}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            disabled={disabled}
            aria-label={`Remove ${field.label} ${index + 1}`}
            onClick={() => write(items.filter((_, i) => i !== index))}
          >
            <IconX size="0.9rem" />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          id={items.length === 0 ? id : undefined}
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size="0.8rem" />}
          disabled={disabled}
          aria-label={`Add to ${field.label}`}
          aria-describedby={describedBy}
          onClick={() => set([...items, ''])}
        >
          Add
        </Button>
      </Group>
    </Stack>
  );
}
