/** Above the list: the state filter, the name search, and pausing or resuming the whole queue. */
import { Button, Group, SegmentedControl, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlayerPause, IconPlayerPlay, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode, type RefObject } from 'react';
import type { QueueState } from '../../../../shared/contract';
import { stateGroupLabels, stateGroups, type StateGroup } from './queue-search';

export interface QueueToolbarProps {
  group: StateGroup;
  search: string;
  queue: QueueState | undefined;
  searchRef: RefObject<HTMLInputElement | null>;
  onGroup: (group: StateGroup) => void;
  onSearch: (search: string) => void;
  onTogglePause: () => void;
  pausing: boolean;
}

export function QueueToolbar(props: QueueToolbarProps): ReactNode {
  const { group, search, queue, searchRef, onGroup, onSearch, onTogglePause, pausing } = props;
  // Typed text shows at once; the address (and the request) follows once typing rests.
  const [text, setText] = useState(search);
  // The address changed from elsewhere (back, a link, "show all jobs"): show what it says now.
  const [shown, setShown] = useState(search);
  if (shown !== search) {
    setShown(search);
    setText(search);
  }
  const commit = useDebouncedCallback(onSearch, 250);
  const paused = queue?.paused ?? false;
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label="Show jobs in these states"
          data-testid="queue-filter"
          value={group}
          onChange={(value) => onGroup(value)}
          data={stateGroups.map((value) => ({ value, label: stateGroupLabels[value] }))}
        />
        <TextInput
          ref={searchRef}
          aria-label="Search jobs by name"
          placeholder="Search by name  /"
          leftSection={<IconSearch size="1rem" stroke={1.6} aria-hidden />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            commit(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          w="16rem"
          data-testid="queue-search"
        />
      </Group>
      <Tooltip
        label={paused ? 'Let waiting jobs start again (P)' : 'Start no new job; running ones go on (P)'}
      >
        <Button
          // Default, not filled: white on the dark scheme's lighter primary fails contrast.
          variant="default"
          leftSection={
            paused ? <IconPlayerPlay size="1rem" aria-hidden /> : <IconPlayerPause size="1rem" aria-hidden />
          }
          loading={pausing}
          disabled={queue === undefined}
          onClick={onTogglePause}
          data-testid="queue-pause"
        >
          {paused ? 'Resume the queue' : 'Pause the queue'}
        </Button>
      </Tooltip>
    </Group>
  );
}
