/** One plain setting (a number, a yes/no) with the schema's title and help; saved as it changes. */
import { NumberInput, Switch } from '@mantine/core';
import { useState } from 'react';
import { numberPatch, type SettingField as Field } from './settings-form-model';
import type { SettingsState } from './use-settings';

export function SettingField({ field, settings }: { field: Field; settings: SettingsState }) {
  const current = settings.settings;
  if (!current) return null;
  const value = current[field.key];
  if (field.kind === 'boolean')
    return (
      <Switch
        label={field.title}
        description={field.description}
        checked={value === true}
        onChange={(event) => void settings.save({ [field.key]: event.currentTarget.checked })}
        data-testid={`setting-${field.key}`}
      />
    );
  if (field.kind === 'number') return <NumberField field={field} value={Number(value)} settings={settings} />;
  return null;
}

function NumberField({
  field,
  value,
  settings,
}: {
  field: Extract<Field, { kind: 'number' }>;
  value: number;
  settings: SettingsState;
}) {
  const [draft, setDraft] = useState<string | number>(value);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  const commit = () => {
    const result = numberPatch(field, draft);
    if ('error' in result) return setError(result.error);
    setError(null);
    if (result.patch[field.key] !== value) void settings.save(result.patch);
  };
  return (
    <NumberInput
      maw={360}
      label={field.title}
      description={field.description}
      value={draft}
      min={field.min}
      max={field.max}
      allowDecimal={!field.integer}
      clampBehavior="none"
      error={error ?? undefined}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      data-testid={`setting-${field.key}`}
    />
  );
}
