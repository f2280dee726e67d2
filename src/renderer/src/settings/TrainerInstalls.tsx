/**
 * The trainer installs, as trainers.list reports them (set up or what to set), each with its folder
 * and python editable. Labels and help come from the settings schema. Used by Settings and by the
 * first-start setup.
 */
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { SettingsState } from './use-settings';
import { installPatch, installText } from './settings-form-model';
import { PathField } from './PathField';
import { useTrainers } from './use-trainers';
import { firstStartSteps } from '../views/first-start/first-start-model';

export function TrainerInstalls({ settings }: { settings: SettingsState }) {
  const trainers = useTrainers();
  const current = settings.settings;
  if (trainers.error) return <Text c="red">{trainers.error}</Text>;
  if (!trainers.data || !current) return <Text c="dimmed">Reading the trainers…</Text>;
  return (
    <Stack gap="md" data-testid="trainer-installs">
      {firstStartSteps(trainers.data).map((step) => {
        const text = installText(step.install);
        const install = current.trainers[step.install];
        const save = (change: { python?: string; folder?: string }) =>
          settings.save(installPatch(current.trainers, step.install, change));
        return (
          <Paper key={step.install} withBorder p="sm" radius="sm" data-testid={`install-${step.install}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Title order={5}>{text.title}</Title>
                <Badge color={step.setUp ? 'green' : 'gray'} variant="dot">
                  {step.setUp ? 'Set up' : 'Not set up'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {text.description}
              </Text>
              <Text size="sm" data-testid={`install-${step.install}-message`}>
                {step.message}
              </Text>
              <PathField
                kind="folder"
                label={text.folder.title}
                description={text.folder.description}
                value={install.folder}
                error={step.folder.missing ? 'Not found on this machine; choose the folder again.' : null}
                testId={`install-${step.install}-folder`}
                onSave={(folder) => save({ folder })}
              />
              <PathField
                kind="python"
                label={text.python.title}
                description={text.python.description}
                value={install.python}
                startAt={install.folder}
                error={step.python.missing ? 'Not found on this machine; choose the venv again.' : null}
                testId={`install-${step.install}-python`}
                onSave={(python) => save({ python })}
              />
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
