import { Alert, Anchor, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { Fragment, type ReactNode } from 'react';
import type { AppInfo, ColorScheme } from '../../../shared/contract';
import type { Loaded } from '../api/use-request';
import { DoctorReport } from './DoctorReport';
import { GpuExclusions } from './GpuExclusions';
import { SettingField } from './SettingField';
import { settingFields, settingText } from './settings-form-model';
import { SettingsSection } from './SettingsSection';
import { TrainerInstalls } from './TrainerInstalls';
import { useDoctor } from './use-doctor';
import type { SettingsState } from './use-settings';

const colorSchemes: { value: ColorScheme; label: string }[] = [
  { value: 'auto', label: 'Follow system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The queue's plain settings, in the order a user meets them. */
const queueFields = settingFields([
  'stopGraceSeconds',
  'requeueInterrupted',
  'retriesFirst',
  'letSmallerJobsPass',
  'stalledAfterMinutes',
  'minFreeGpuMemoryMiB',
]);

export function SettingsView({ settings, info }: { settings: SettingsState; info: Loaded<AppInfo> }) {
  const doctor = useDoctor();
  const trainers = settingText('trainers');
  const scheme = settingText('colorScheme');
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={2}>Settings</Title>
      {settings.error && (
        <Alert color="red" title="Settings were not saved" data-testid="settings-error">
          {settings.error}
        </Alert>
      )}
      <SettingsSection
        title={trainers.title}
        aside={
          <Anchor component={Link} to="/setup" size="sm" data-testid="open-first-start">
            Open the first-start setup
          </Anchor>
        }
      >
        <Text size="sm" c="dimmed">
          {trainers.description}
        </Text>
        <TrainerInstalls settings={settings} />
        <DoctorReport doctor={doctor} />
      </SettingsSection>
      <SettingsSection title="Queue" gap="md">
        {queueFields.map((field) => (
          <SettingField key={field.key} field={field} settings={settings} />
        ))}
      </SettingsSection>
      <SettingsSection title="GPUs" gap="xs">
        <GpuExclusions settings={settings} />
      </SettingsSection>
      <SettingsSection title="Appearance" gap="xs">
        <Text size="sm" fw={500} id="color-scheme-label">
          {scheme.title}
        </Text>
        <Text size="xs" c="dimmed">
          {scheme.description}
        </Text>
        <SegmentedControl
          aria-labelledby="color-scheme-label"
          data-testid="color-scheme"
          maw={480}
          disabled={!settings.settings}
          value={settings.settings?.colorScheme ?? 'auto'}
          data={colorSchemes}
          onChange={(value) => void settings.save({ colorScheme: value })}
        />
      </SettingsSection>
      <SettingsSection title="About this DPGui" gap="xs">
        {info.status === 'loading' && <Text c="dimmed">Loading…</Text>}
        {info.status === 'error' && <Text c="red">{info.message}</Text>}
        {info.status === 'ready' && (
          <Table data-testid="about" variant="vertical" withTableBorder>
            <Table.Tbody>
              <Row label="Version" value={info.value.version} />
              <Row
                label="Running as"
                value={info.value.host === 'electron' ? 'Desktop app' : 'Headless host (dpgui serve)'}
              />
              <Row label="Data folder" value={<BreakablePath path={info.value.dataDir} />} />
              <Row label="Platform" value={info.value.platform} />
              <Row
                label="Process"
                value={`pid ${info.value.pid}, started ${new Date(info.value.startedAt).toLocaleString()}`}
              />
            </Table.Tbody>
          </Table>
        )}
      </SettingsSection>
    </Stack>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={{ base: 110, sm: 160 }}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
    </Table.Tr>
  );
}

/**
 * A path that wraps after its separators (/ or \), so a narrow window breaks it between folder names,
 * never at a hyphen inside one; only a single name too long for a whole line breaks inside itself.
 */
function BreakablePath({ path }: { path: string }) {
  const parts = path.split(/(?<=[/\\])/);
  return (
    <span data-testid="data-dir">
      {parts.map((part, i) => (
        <Fragment key={i}>
          <span style={{ display: 'inline-block', maxWidth: '100%', overflowWrap: 'anywhere' }}>{part}</span>
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
