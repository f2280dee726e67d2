/** Text: a line, a line with suggestions, several lines, or a secret. Empty clears the field (null). */
import { Autocomplete, PasswordInput, Textarea, Input } from '@mantine/core';
import { shownValue } from '../value-text';
import type { ControlProps } from './control-props';

const textOf = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const placeholderOf = (fallback: unknown): string | undefined =>
  fallback === undefined || fallback === null || fallback === '' ? undefined : `default: ${textOf(fallback)}`;

export function TextControl({
  id,
  field,
  value,
  fallback,
  disabled,
  describedBy,
  multiline,
  set,
}: ControlProps) {
  const text = textOf(shownValue(value, fallback));
  const onText = (next: string) => set(next === '' ? null : next);
  const common = {
    id,
    'aria-label': field.label,
    'aria-describedby': describedBy,
    size: 'xs' as const,
    disabled,
    placeholder: placeholderOf(fallback),
    spellCheck: false,
  };
  switch (field.control) {
    case 'password':
      return (
        <PasswordInput
          {...common}
          autoComplete="off"
          value={text}
          onChange={(e) => onText(e.currentTarget.value)}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={12}
          value={text}
          onChange={(e) => onText(e.currentTarget.value)}
        />
      );
    case 'suggest':
      return (
        <Autocomplete
          {...common}
          data={field.meta.suggestions ?? []}
          value={text}
          onChange={onText}
          comboboxProps={{ withinPortal: true }}
        />
      );
    default:
      return multiline ? (
        <Textarea
          {...common}
          autosize
          minRows={1}
          maxRows={8}
          value={text}
          onChange={(e) => onText(e.currentTarget.value)}
        />
      ) : (
        <Input {...common} autoComplete="off" value={text} onChange={(e) => onText(e.currentTarget.value)} />
      );
  }
}
