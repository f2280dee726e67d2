/** A value of no simpler shape (a free object, a list of lists), edited as JSON; written once it parses. */
import { Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { sameJson } from '../../state/value-path';
import { shownValue } from '../value-text';
import type { ControlProps } from './control-props';

const jsonText = (value: unknown): string =>
  value === undefined || value === null ? '' : JSON.stringify(value, null, 2);

export function JsonControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const shown = shownValue(value, fallback);
  const [draft, setDraft] = useState(() => jsonText(shown));
  const [synced, setSynced] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  if (!sameJson(synced, shown)) {
    setSynced(shown);
    setDraft(jsonText(shown));
    setProblem(null);
  }
  return (
    <>
      <Textarea
        id={id}
        aria-label={field.label}
        aria-describedby={describedBy}
        size="xs"
        autosize
        minRows={2}
        maxRows={14}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        value={draft}
        disabled={disabled}
        placeholder="JSON, e.g. {} or []"
        error={problem !== null}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          if (text.trim() === '') {
            setProblem(null);
            setSynced(null);
            set(null);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(text);
            setProblem(null);
            setSynced(parsed);
            set(parsed);
          } catch (error) {
            setProblem(`Not valid JSON yet: ${(error as Error).message.replace(/\.?$/, '.')}`);
          }
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
