/**
 * A number: typed as text (the wheel never changes it; a browser's number input would), arrow keys
 * step it within its range, empty clears it (null). Integers only take whole numbers.
 */
import { Text, Input } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { numberText, parseNumberText, rangeText, shownValue, stepOf, stepped } from '../value-text';
import type { ControlProps } from './control-props';

export function NumberControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const integer = field.control === 'integer';
  const shown = numberText(shownValue(value, fallback));
  const [draft, setDraft] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  const [synced, setSynced] = useState(shown);
  // The config changed elsewhere (undo, reset, import): show it, unless the draft already means it.
  if (synced !== shown) {
    setSynced(shown);
    const parsed = parseNumberText(draft, integer);
    if (!parsed.ok || numberText(parsed.value) !== shown) {
      setDraft(shown);
      setProblem(null);
    }
  }
  const take = (text: string) => {
    setDraft(text);
    const parsed = parseNumberText(text, integer);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    setProblem(null);
    set(parsed.value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const parsed = parseNumberText(draft, integer);
    const base =
      parsed.ok && parsed.value !== null ? parsed.value : typeof fallback === 'number' ? fallback : 0;
    const steps = (event.key === 'ArrowUp' ? 1 : -1) * (event.shiftKey ? 10 : 1);
    take(String(stepped(base, stepOf(field.schema, fallback), steps, field.schema)));
  };
  const range = rangeText(field.schema);
  return (
    <>
      <Input
        id={id}
        aria-label={field.label}
        aria-describedby={describedBy}
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        size="xs"
        value={draft}
        disabled={disabled}
        placeholder={typeof fallback === 'number' ? String(fallback) : 'empty'}
        rightSection={
          field.unit ? (
            <Text size="xs" c="dimmed">
              {field.unit}
            </Text>
          ) : undefined
        }
        rightSectionWidth={field.unit ? 56 : undefined}
        onChange={(event) => take(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        title={range ? `Range ${range}${integer ? ', whole numbers' : ''}; arrow keys step.` : undefined}
        error={problem !== null}
        data-range={range ?? undefined}
      />
      {problem && (
        <Text size="xs" c="red" data-kind="error">
          {problem}
        </Text>
      )}
    </>
  );
}
