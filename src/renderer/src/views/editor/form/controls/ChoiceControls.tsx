/** A switch for a boolean, and a native select (light, and the wheel never changes it) for a choice. */
import { NativeSelect, Switch } from '@mantine/core';
import { choicesOf, shownValue } from '../value-text';
import type { ControlProps } from './control-props';

export function SwitchControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  return (
    <Switch
      id={id}
      aria-label={field.label}
      aria-describedby={describedBy}
      size="sm"
      checked={Boolean(shownValue(value, fallback))}
      disabled={disabled}
      onChange={(event) => set(event.currentTarget.checked)}
    />
  );
}

const clearedKey = '\u0000cleared';

const scalarText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function SelectControl({ id, field, value, fallback, disabled, describedBy, set }: ControlProps) {
  const choices = choicesOf(field.schema);
  const shown = shownValue(value, fallback);
  const shownKey = shown === undefined || shown === null ? clearedKey : scalarText(shown);
  const known = choices.some((c) => c.key === shownKey);
  const data = [
    // Without a default, "nothing chosen" is a choice of its own (the trainer's own default).
    ...(fallback === undefined || fallback === null || shownKey === clearedKey
      ? [{ value: clearedKey, label: '—' }]
      : []),
    ...(known || shownKey === clearedKey ? [] : [{ value: shownKey, label: `${shownKey} (not a choice)` }]),
    ...choices.map((c) => ({ value: c.key, label: c.label })),
  ];
  return (
    <NativeSelect
      id={id}
      aria-label={field.label}
      aria-describedby={describedBy}
      size="xs"
      value={shownKey}
      disabled={disabled}
      data={data}
      onChange={(event) => {
        const key = event.currentTarget.value;
        if (key === clearedKey) set(null);
        else set(choices.find((c) => c.key === key)?.value ?? key);
      }}
    />
  );
}
