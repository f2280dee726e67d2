/**
 * The first-start setup: the trainer installs (folder and python of each), the doctor run at once
 * and again after each change, and the GPUs. Skippable; all of it stays changeable in Settings.
 */
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { DoctorReport } from '../../settings/DoctorReport';
import { SettingsSection } from '../../settings/SettingsSection';
import { TrainerInstalls } from '../../settings/TrainerInstalls';
import { useDoctor } from '../../settings/use-doctor';
import type { SettingsState } from '../../settings/use-settings';
import { GpuSummary } from './GpuSummary';
import { rememberFirstStartSkipped } from './first-start-skip';

export function FirstStartView({ settings }: { settings: SettingsState }) {
  const navigate = useNavigate();
  const doctor = useDoctor();
  const { run } = doctor;
  const installs = settings.settings ? JSON.stringify(settings.settings.trainers) : null;
  // At once, and again whenever an install changed (here or from another client).
  useEffect(() => {
    if (installs !== null) run();
  }, [installs, run]);

  const leave = () => {
    rememberFirstStartSkipped();
    void navigate({ to: '/queue' });
  };

  return (
    <Stack gap="lg" maw={960} data-testid="first-start">
      <Stack gap={4}>
        <Title order={2}>Set up DPGui</Title>
        <Text c="dimmed">
          Tell DPGui where your trainers are: the sd-scripts and/or diffusion-pipe folder and the python of
          each one&apos;s venv (a generic trainer needs only its python). The check below runs again after
          every change. You can skip this and set it all later in Settings.
        </Text>
      </Stack>
      <SettingsSection title="Trainers">
        {settings.error && (
          <Text c="red" role="alert">
            {settings.error}
          </Text>
        )}
        <TrainerInstalls settings={settings} />
      </SettingsSection>
      <SettingsSection title="Check">
        <DoctorReport doctor={doctor} />
      </SettingsSection>
      <SettingsSection title="GPUs">
        <GpuSummary />
      </SettingsSection>
      <Group justify="flex-end">
        <Button variant="default" onClick={leave} data-testid="first-start-skip">
          Skip for now
        </Button>
        <Button onClick={leave} data-testid="first-start-done" variant="light">
          Go to the queue
        </Button>
      </Group>
    </Stack>
  );
}
