/**
 * The config's problems: a one-line summary for the top of the page and the full list for the
 * Problems tab, each problem a link to its field.
 */
import { Anchor, Badge, Group, List, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ConfigIssue } from '../../../../../shared/contract/configs';
import { useEditorSelector } from '../state/use-editor';
import { countText, fieldPathOf, problemsOf } from './problem-model';

export type GoToField = (path: string) => void;

/** A link that scrolls to the issue's field: "Network rank: must be at least 1". */
export function IssueLink({ issue, goTo }: { issue: ConfigIssue; goTo: GoToField }): ReactNode {
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      ta="left"
      c={issue.severity === 'error' ? 'red' : 'yellow.8'}
      onClick={() => goTo(fieldPathOf(issue))}
      data-testid="problem-link"
      data-path={fieldPathOf(issue)}
    >
      <Text span fw={600} inherit>
        {issue.label}
      </Text>
      : {issue.message}
    </Anchor>
  );
}

/** The top of the page: the counts, and the errors as links (the first few). */
export function ProblemSummary({ goTo, shown = 3 }: { goTo: GoToField; shown?: number }): ReactNode {
  const problems = useEditorSelector(problemsOf);
  const { errors, warnings, checking } = problems;
  const none = errors.length === 0 && warnings.length === 0;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="problem-summary" aria-live="polite" miw={0}>
      {checking && <Loader size="xs" aria-label="Checking the config" />}
      {none ? (
        <Badge
          variant="light"
          color={checking ? 'gray' : 'green'}
          leftSection={checking ? undefined : <IconCircleCheck size="0.9rem" aria-hidden />}
        >
          {checking ? 'Checking…' : 'No problems'}
        </Badge>
      ) : (
        <>
          <Badge variant="light" color={errors.length > 0 ? 'red' : 'yellow'} style={{ flexShrink: 0 }}>
            {countText(problems)}
          </Badge>
          <Group gap="sm" wrap="nowrap" miw={0} style={{ overflow: 'hidden' }}>
            {(errors.length > 0 ? errors : warnings).slice(0, shown).map((issue, index) => (
              // The first always; more where the window is wide enough to read them whole.
              <Text
                key={`${issue.path}-${index}`}
                size="sm"
                truncate="end"
                miw={0}
                {...(index > 0 ? { visibleFrom: 'xl' } : {})}
              >
                <IssueLink issue={issue} goTo={goTo} />
              </Text>
            ))}
          </Group>
        </>
      )}
    </Group>
  );
}

function IssueList({ issues, goTo }: { issues: ConfigIssue[]; goTo: GoToField }): ReactNode {
  return (
    <List spacing={4} listStyleType="none" p={0}>
      {issues.map((issue, index) => (
        <List.Item key={`${issue.path}-${index}`}>
          <IssueLink issue={issue} goTo={goTo} />
        </List.Item>
      ))}
    </List>
  );
}

/** The Problems tab: every error, then every warning. */
export function ProblemList({ goTo }: { goTo: GoToField }): ReactNode {
  const { errors, warnings, checking } = useEditorSelector(problemsOf);
  return (
    <Stack gap="md" data-testid="problem-list">
      {checking && (
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm" c="dimmed">
            Checking your latest change…
          </Text>
        </Group>
      )}
      {errors.length === 0 && warnings.length === 0 && !checking && (
        <Group gap="xs">
          <ThemeIcon variant="light" color="green" size="sm" radius="xl">
            <IconCircleCheck size="0.9rem" aria-hidden />
          </ThemeIcon>
          <Text size="sm">No problems: this config can be queued.</Text>
        </Group>
      )}
      {errors.length > 0 && (
        <Stack gap={4}>
          <Group gap={6}>
            <IconCircleX size="1rem" color="var(--mantine-color-red-6)" aria-hidden />
            <Text size="sm" fw={600}>
              Errors: fix these before queuing
            </Text>
          </Group>
          <IssueList issues={errors} goTo={goTo} />
        </Stack>
      )}
      {warnings.length > 0 && (
        <Stack gap={4}>
          <Group gap={6}>
            <IconAlertTriangle size="1rem" color="var(--mantine-color-yellow-6)" aria-hidden />
            <Text size="sm" fw={600}>
              Warnings: the job can run, but check these
            </Text>
          </Group>
          <IssueList issues={warnings} goTo={goTo} />
        </Stack>
      )}
    </Stack>
  );
}
