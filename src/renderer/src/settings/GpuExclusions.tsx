/** Excluded GPUs: one checkbox per GPU the host sees (and any excluded one it no longer sees). */
import { Checkbox, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useGpus } from '../api/live-state';
import { excludedGpusPatch, settingText } from './settings-form-model';
import type { SettingsState } from './use-settings';

export function GpuExclusions({ settings }: { settings: SettingsState }) {
  const gpus = useGpus();
  const text = settingText('excludedGpus');
  const saved = settings.settings?.excludedGpus;
  // Shown at once on a click; the host's answer (or another client's change) replaces it.
  const [excluded, setExcluded] = useState<readonly string[]>(saved ?? []);
  const [shown, setShown] = useState(saved);
  if (shown !== saved) {
    setShown(saved);
    setExcluded(saved ?? []);
  }
  const seen = gpus.data?.gpus ?? [];
  const gone = excluded.filter((uuid) => !seen.some((gpu) => gpu.uuid === uuid));
  const toggle = (uuid: string, on: boolean) => {
    const patch = excludedGpusPatch(excluded, uuid, on);
    setExcluded(patch.excludedGpus ?? []);
    void settings.save(patch);
  };
  return (
    <Checkbox.Group
      label={text.title}
      description={text.description}
      value={[...excluded]}
      data-testid="excluded-gpus"
    >
      <Stack gap={6} mt="xs">
        {gpus.error && <Text c="red">{gpus.error}</Text>}
        {gpus.data && seen.length === 0 && (
          <Text size="sm" c="dimmed">
            {gpus.data.message || 'No GPU found on this machine: there is nothing to exclude.'}
          </Text>
        )}
        {seen.map((gpu) => (
          <Checkbox
            key={gpu.uuid}
            value={gpu.uuid}
            label={`${gpu.index}: ${gpu.name}`}
            description={gpu.uuid}
            disabled={!settings.settings}
            onChange={(event) => toggle(gpu.uuid, event.currentTarget.checked)}
          />
        ))}
        {gone.map((uuid) => (
          <Checkbox
            key={uuid}
            value={uuid}
            label="A GPU not present now"
            description={uuid}
            onChange={(event) => toggle(uuid, event.currentTarget.checked)}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
