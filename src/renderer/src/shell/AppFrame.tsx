import { Alert, AppShell, Badge, Group, NavLink, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useConnectionState } from '../api/client-context';
import { useRequest } from '../api/use-request';
import { SettingsView } from '../settings/SettingsView';
import type { SettingsState } from '../settings/use-settings';
import { GpusView } from '../views/GpusView';
import { JobsView } from '../views/JobsView';
import { QueueView } from '../views/QueueView';
import { ConnectionBadge } from './ConnectionBadge';
import { views, type ViewId } from './navigation';

export function AppFrame({ settings }: { settings: SettingsState }) {
  const [view, setView] = useState<ViewId>('queue');
  const info = useRequest('app.info', {});
  const notices = info.status === 'ready' ? info.value.notices : [];
  const connection = useConnectionState();
  const [dismissed, setDismissed] = useState<string[]>([]);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={3} data-testid="app-title">
              DPGui
            </Title>
            {info.status === 'ready' && (
              <Badge variant="outline" color="gray" data-testid="host-kind">
                {info.value.host === 'electron' ? 'Desktop' : 'Headless'} · v{info.value.version}
              </Badge>
            )}
          </Group>
          <ConnectionBadge />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {views.map(({ id, label, icon: Icon }) => (
          <NavLink
            key={id}
            label={label}
            active={view === id}
            leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
            onClick={() => setView(id)}
            data-testid={`nav-${id}`}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Stack gap="md">
          {connection === 'unauthorized' && (
            <Alert color="red" title="This link has expired" data-testid="link-expired">
              The DPGui host was restarted and made a new key. Open the new link it printed (the line starting
              with “Open DPGui:”).
            </Alert>
          )}
          {info.status === 'error' && (
            <Alert color="red" title="DPGui could not load its state">
              {info.message}
            </Alert>
          )}
          {notices
            .filter((notice) => !dismissed.includes(notice))
            .map((notice) => (
              <Alert
                key={notice}
                color="yellow"
                title="Please note"
                data-testid="notice"
                withCloseButton
                closeButtonLabel="Dismiss"
                onClose={() => setDismissed((list) => [...list, notice])}
              >
                {notice}
              </Alert>
            ))}
          {view === 'queue' && <QueueView />}
          {view === 'jobs' && <JobsView />}
          {view === 'gpus' && <GpusView />}
          {view === 'settings' && <SettingsView settings={settings} info={info} />}
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
