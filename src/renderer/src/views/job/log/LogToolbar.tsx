/** Above the log: search with its hit count and steps, following the tail, jumps, and copying. */
import { ActionIcon, Button, Group, Progress, Text, TextInput, Tooltip } from '@mantine/core';
import {
  IconArrowBarToDown,
  IconArrowBarToUp,
  IconChevronDown,
  IconChevronUp,
  IconCopy,
  IconPlayerTrackNext,
  IconSearch,
} from '@tabler/icons-react';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { hitLabel, type SearchState } from './log-view-model';
import type { CopyProgress } from './use-copy-log';

export interface LogToolbarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  search: string;
  searchState: SearchState;
  searchError: string | null;
  onSearch: (text: string) => void;
  onStep: (direction: 1 | -1) => void;
  following: boolean;
  onToggleFollow: () => void;
  onJumpStart: () => void;
  jumpingStart: boolean;
  onJumpEnd: () => void;
  onCopy: () => void;
  copying: CopyProgress | null;
  /** "1,234 lines" */
  summary: string;
}

const icon = { width: '1rem', height: '1rem' };

export function LogToolbar(props: LogToolbarProps): ReactNode {
  const { searchRef, search, searchState, searchError, onSearch, onStep } = props;
  const { following, onToggleFollow, onJumpStart, jumpingStart, onJumpEnd, onCopy, copying, summary } = props;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && search !== '') {
      event.preventDefault();
      onSearch('');
    }
  };
  const hits = hitLabel(searchState);
  const percent = copying && copying.total > 0 ? Math.round((copying.done / copying.total) * 100) : 0;
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Group gap={6} wrap="nowrap">
        <TextInput
          ref={searchRef}
          data-testid="log-search"
          aria-label="Search the log"
          placeholder="Search the log"
          size="xs"
          w="18rem"
          leftSection={<IconSearch style={icon} aria-hidden />}
          rightSection={
            hits ? (
              <Text size="xs" c="dimmed" data-testid="log-search-hits" aria-live="polite" pr={6}>
                {hits}
              </Text>
            ) : null
          }
          rightSectionWidth={hits ? '6.5rem' : undefined}
          rightSectionPointerEvents="none"
          value={search}
          error={searchError ? `Search failed: ${searchError}` : undefined}
          onChange={(event) => onSearch(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <Tooltip label="Previous hit (Shift+Enter)">
          <ActionIcon
            variant="default"
            size="md"
            aria-label="Previous hit"
            onClick={() => onStep(-1)}
            disabled={search === ''}
          >
            <IconChevronUp style={icon} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Next hit (Enter)">
          <ActionIcon
            variant="default"
            size="md"
            aria-label="Next hit"
            onClick={() => onStep(1)}
            disabled={search === ''}
          >
            <IconChevronDown style={icon} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Group gap={6} wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="log-summary">
          {summary}
        </Text>
        <Button
          size="xs"
          variant={following ? 'light' : 'default'}
          aria-pressed={following}
          data-testid="log-follow"
          leftSection={<IconPlayerTrackNext style={icon} aria-hidden />}
          onClick={onToggleFollow}
        >
          Follow
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="log-jump-start"
          loading={jumpingStart}
          leftSection={<IconArrowBarToUp style={icon} aria-hidden />}
          onClick={onJumpStart}
        >
          Jump to the first line
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="log-jump-end"
          leftSection={<IconArrowBarToDown style={icon} aria-hidden />}
          onClick={onJumpEnd}
        >
          Jump to the end
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="log-copy"
          disabled={copying !== null}
          leftSection={<IconCopy style={icon} aria-hidden />}
          onClick={onCopy}
        >
          {copying ? `Copying… ${percent}%` : 'Copy log'}
        </Button>
        {copying && (
          <Progress
            value={percent}
            w="4rem"
            size="sm"
            aria-label="Copying the log"
            data-testid="log-copy-progress"
          />
        )}
      </Group>
    </Group>
  );
}
