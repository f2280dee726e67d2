import { Alert, AppShell, Badge, Burger, Code, Group, NavLink, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useConnectionState } from '../api/client-context';
import { useRequest } from '../api/use-request';
import { SettingsView } from '../settings/SettingsView';
import type { SettingsState } from '../settings/use-settings';
import { GpusView } from '../views/GpusView';
import { JobsView } from '../views/JobsView';
import { QueueView } from '../views/QueueView';
import { ConnectionBadge } from './ConnectionBadge';
import { views, type ViewId } from './navigation';
import { hashOfView, viewFromHash } from './view-route';

/** The view named in the address bar, following back/forward and typed fragments. */
function useRoutedView(): [ViewId, (view: ViewId) => void] {
  const [view, setView] = useState<ViewId>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const follow = (): void => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const go = (next: ViewId): void => {
    if (window.location.hash !== hashOfView(next)) window.location.hash = hashOfView(next);
    setView(next);
  };
  return [view, go];
}

export function AppFrame({ settings }: { settings: SettingsState }) {
  const [view, setView] = useRoutedView();
  const [navOpen, nav] = useDisclosure(false);
  const info = useRequest('app.info', {});
  const notices = info.status === 'ready' ? info.value.notices : [];
  const connection = useConnectionState();
  const [dismissed, setDismissed] = useState<string[]>([]);
  const keyRefused = connection === 'unauthorized' || connection === 'rejected';

  return (
    <AppShell
      header={{ height: 52 }}
      // Below Mantine's "sm" (48em, 768 px) the navigation folds behind a burger.
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
              data-testid="nav-burger"
            />
            <Title order={3} data-testid="app-title">
              DPGui
            </Title>
            {info.status === 'ready' && (
              <Badge variant="outline" color="gray" data-testid="host-kind" visibleFrom="xs">
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
            href={hashOfView(id)}
            active={view === id}
            leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
            onClick={(event) => {
              event.preventDefault();
              setView(id);
              nav.close();
            }}
            data-testid={`nav-${id}`}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Stack gap="md">
          {connection === 'rejected' && (
            <Alert color="red" title="This link's key is not valid for this host" data-testid="link-rejected">
              The key in this link is not the one this DPGui host made. Open the link it printed (the line
              starting with “Open DPGui:” where <Code>dpgui serve</Code> runs); the key changes every time the
              host starts.
            </Alert>
          )}
          {connection === 'unauthorized' && (
            <Alert color="red" title="This link has expired" data-testid="link-expired">
              The DPGui host was restarted and made a new key. Open the new link it printed (the line starting
              with “Open DPGui:”).
            </Alert>
          )}
          {info.status === 'error' && !keyRefused && (
            <Alert color="red" title="DPGui could not load its state" data-testid="load-error">
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
