import { Badge, Tooltip } from '@mantine/core';
import { useConnectionState, useTransportKind } from '../api/client-context';

const looks = {
  open: { color: 'teal', label: 'Connected' },
  connecting: { color: 'yellow', label: 'Connecting…' },
  closed: { color: 'red', label: 'Disconnected' },
  unauthorized: { color: 'red', label: 'Link expired' },
  rejected: { color: 'red', label: 'Wrong key' },
} as const;

/** Whether live updates are reaching this window (only the browser client can lose them). */
export function ConnectionBadge() {
  const state = useConnectionState();
  const kind = useTransportKind();
  const look = looks[state];
  const tip =
    kind === 'bridge'
      ? 'Desktop app: talking to DPGui directly.'
      : state === 'open'
        ? 'Live updates are arriving from the DPGui host.'
        : state === 'unauthorized'
          ? 'The DPGui host was restarted: open the new link it printed.'
          : state === 'rejected'
            ? "This link's key is not the one this host printed."
            : 'The DPGui host (or its SSH tunnel) is not reachable; retrying.';
  return (
    <Tooltip label={tip}>
      <Badge color={look.color} variant="light" data-testid="connection" data-state={state}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
