/**
 * The frame around every view: header, sidebar navigation, the routed view, the status bar, the
 * frame's keyboard shortcuts (views, zoom, help) and the help overlay.
 */
import {
  ActionIcon,
  Alert,
  AppShell,
  Badge,
  Burger,
  Code,
  Group,
  NavLink,
  Stack,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconKeyboard } from '@tabler/icons-react';
import { createLink, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { forwardRef, useMemo, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { useConnectionState } from '../api/client-context';
import { FirstStartGate } from '../views/first-start/FirstStartGate';
import { useAppInfo } from './app-info-context';
import { navEntries, navEntryOfPath, titleOfPath } from './navigation';
import { ShortcutHelp } from './shortcuts/ShortcutHelp';
import type { Shortcut } from './shortcuts/shortcut-registry';
import { useShortcuts } from './shortcuts/shortcuts-context';
import { StatusBar } from './StatusBar';
import { useZoom } from './use-zoom';
import { WindowDrop } from './window-drop';
import { zoomLabel, type ZoomMove } from './zoom';

type NavAnchorProps = Omit<React.ComponentProps<typeof NavLink<'a'>>, 'component'> &
  AnchorHTMLAttributes<HTMLAnchorElement>;
const NavAnchor = forwardRef<HTMLAnchorElement, NavAnchorProps>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
NavAnchor.displayName = 'NavAnchor';
/** Mantine's NavLink as a router link: a real <a href="#/…">, so middle-click and "copy link" work. */
const RouterNavLink = createLink(NavAnchor);

function useFrameShortcuts(openHelp: () => void, zoomBy: (move: ZoomMove) => void): void {
  const navigate = useNavigate();
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      ...navEntries.map((entry): Shortcut => ({
        id: `frame.go.${entry.id}`,
        hotkeys: [entry.key],
        label: `Open ${entry.label}`,
        group: 'Navigation',
        run: () => void navigate({ to: entry.path }),
      })),
      {
        id: 'frame.help',
        hotkeys: ['shift+?', '?'],
        label: 'Show these shortcuts',
        group: 'General',
        run: openHelp,
      },
      {
        id: 'frame.zoomIn',
        hotkeys: ['mod+=', 'mod+shift+[plus]', 'mod+[plus]'],
        shown: ['mod+=', 'mod+[plus]'],
        label: 'Zoom in',
        group: 'Zoom',
        run: () => zoomBy('in'),
        inFields: true,
      },
      {
        id: 'frame.zoomOut',
        hotkeys: ['mod+-'],
        label: 'Zoom out',
        group: 'Zoom',
        run: () => zoomBy('out'),
        inFields: true,
      },
      {
        id: 'frame.zoomReset',
        hotkeys: ['mod+0'],
        label: 'Actual size',
        group: 'Zoom',
        run: () => zoomBy('reset'),
        inFields: true,
      },
    ],
    [navigate, openHelp, zoomBy],
  );
  useShortcuts(shortcuts);
}

export function AppFrame(): ReactNode {
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const zoom = useZoom();
  useFrameShortcuts(help.open, zoom.move);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useDocumentTitle(titleOfPath(pathname));
  const activeEntry = navEntryOfPath(pathname);
  const info = useAppInfo();
  const notices = info.status === 'ready' ? info.value.notices : [];
  const connection = useConnectionState();
  const [dismissed, setDismissed] = useState<string[]>([]);
  const keyRefused = connection === 'unauthorized' || connection === 'rejected';

  return (
    <AppShell
      header={{ height: '3.25rem' }}
      footer={{ height: '1.75rem' }}
      // Below Mantine's "sm" (48em, 768 px) the navigation folds behind a burger.
      navbar={{ width: '12.5rem', breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
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
            <Title order={1} size="h3" data-testid="app-title">
              DPGui
            </Title>
            {info.status === 'ready' && (
              <Badge variant="default" data-testid="host-kind" visibleFrom="xs">
                {info.value.host === 'electron' ? 'Desktop' : 'Headless'} · v{info.value.version}
              </Badge>
            )}
          </Group>
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={help.open}
              aria-label="Keyboard shortcuts"
              data-testid="open-shortcuts"
            >
              <IconKeyboard size="1.25rem" stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {navEntries.map(({ id, path, label, icon: Icon, key }) => (
          <RouterNavLink
            key={id}
            to={path}
            label={label}
            active={activeEntry === id}
            aria-current={activeEntry === id ? 'page' : undefined}
            aria-keyshortcuts={key}
            leftSection={<Icon size="1.125rem" stroke={1.6} aria-hidden />}
            onClick={nav.close}
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
          <FirstStartGate />
          {/* The window-wide drop: its listener covers the whole window, its handlers the views. */}
          <WindowDrop>
            <Outlet />
          </WindowDrop>
        </Stack>
      </AppShell.Main>
      <AppShell.Footer aria-label="Status">
        <StatusBar zoom={zoom.zoom === 1 ? null : zoomLabel(zoom.zoom)} />
      </AppShell.Footer>
      <ShortcutHelp opened={helpOpen} onClose={help.close} />
    </AppShell>
  );
}
