/**
 * A dataset's stats and problems: images and videos, disk size, captions found and missing, image
 * sizes and aspect ratios, its sub-folders (kohya "10_name" repeats), and each kind of problem with
 * what to do about it and the files that have it.
 */
import {
  Anchor,
  Badge,
  Card,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { DatasetFileEntry, DatasetScanSummary } from '../../../../shared/contract';
import { aspectShares, formatBytes, plural, problemGroups, sizeStats } from './dataset-stats';
import classes from './datasets.module.css';

function Stat({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: string;
  tone?: string;
  testId?: string;
}) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} className={tone}>
        {value}
      </Text>
    </Card>
  );
}

/** The headline numbers, shown above every tab. */
export function DatasetHeadline({ scan }: { scan: DatasetScanSummary }): ReactNode {
  const { counts } = scan;
  const problems = problemGroups(scan).filter((g) => g.kind !== 'missing_caption');
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="dataset-stats">
      <Stat
        label="Images"
        value={
          counts.videos > 0
            ? `${counts.images.toLocaleString('en')} + ${plural(counts.videos, 'video')}`
            : counts.images.toLocaleString('en')
        }
        testId="stat-images"
      />
      <Stat label="Captions found" value={counts.captioned.toLocaleString('en')} testId="stat-captioned" />
      <Stat
        label="Captions missing"
        value={counts.missingCaptions.toLocaleString('en')}
        tone={counts.missingCaptions > 0 ? classes.warn : undefined}
        testId="stat-missing"
      />
      <Stat
        label="Other problems"
        value={problems.reduce((n, g) => n + g.count, 0).toLocaleString('en')}
        tone={problems.length > 0 ? classes.danger : undefined}
        testId="stat-problems"
      />
    </SimpleGrid>
  );
}

export function DatasetOverview({
  scan,
  files,
  onSelect,
}: {
  scan: DatasetScanSummary;
  files: readonly DatasetFileEntry[] | undefined;
  onSelect: (path: string) => void;
}): ReactNode {
  const sizes = sizeStats(scan.resolutions);
  const shares = aspectShares(scan.resolutions);
  const total = scan.counts.images + scan.counts.videos;
  const groups = problemGroups(scan);
  const bytes = files?.reduce((sum, file) => sum + file.bytes, 0);
  const size = (s: { width: number; height: number } | null) => (s ? `${s.width}×${s.height}` : '—');
  return (
    <Stack gap="lg">
      <section aria-labelledby="dataset-problems-title" data-testid="dataset-problem-list">
        <Title order={3} size="h4" id="dataset-problems-title" mb="xs">
          Problems
        </Title>
        {groups.length === 0 ? (
          <Text c="dimmed">No problems: every image reads and has a caption.</Text>
        ) : (
          <Stack gap="sm">
            {groups.map((group) => (
              <Paper
                key={group.kind}
                withBorder
                p="sm"
                // A coloured edge, the words in the body's colours: tinted text on a tint is too faint.
                style={{
                  borderLeft: `4px solid var(--mantine-color-${group.kind === 'missing_caption' || group.kind === 'exif_orientation' ? 'orange' : 'red'}-6)`,
                }}
                data-testid="dataset-problem"
                data-kind={group.kind}
              >
                <Text fw={700} mb={4}>
                  {group.title}: {group.count.toLocaleString('en')}
                </Text>
                <Text size="sm" mb={group.issues.length > 0 ? 'xs' : 0}>
                  {group.advice}
                </Text>
                {group.issues.length > 0 && (
                  <List size="sm" spacing={2}>
                    {group.issues.slice(0, 8).map((issue) => (
                      <List.Item key={issue.path}>
                        <Anchor component="button" size="sm" onClick={() => onSelect(issue.path)}>
                          {issue.path}
                        </Anchor>{' '}
                        <Text span size="sm" c="dimmed">
                          {issue.message}
                        </Text>
                      </List.Item>
                    ))}
                    {group.count > 8 && (
                      <List.Item>and {(group.count - 8).toLocaleString('en')} more</List.Item>
                    )}
                  </List>
                )}
              </Paper>
            ))}
          </Stack>
        )}
        {scan.notes.map((note) => (
          <Text key={note} size="sm" c="dimmed" mt="xs">
            {note}
          </Text>
        ))}
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <section aria-labelledby="dataset-sizes-title">
          <Title order={3} size="h4" id="dataset-sizes-title" mb="xs">
            Sizes
          </Title>
          <Table withRowBorders={false} verticalSpacing={4} data-testid="dataset-sizes">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w="9rem">On disk</Table.Th>
                <Table.Td>{bytes === undefined ? '…' : formatBytes(bytes)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Most common</Table.Th>
                <Table.Td>
                  {sizes.common ? `${size(sizes.common)} (${plural(sizes.common.count, 'file')})` : '—'}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Smallest</Table.Th>
                <Table.Td>{size(sizes.smallest)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Largest</Table.Th>
                <Table.Td>{size(sizes.largest)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Different sizes</Table.Th>
                <Table.Td>{sizes.distinct.toLocaleString('en')}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Under 512 px</Table.Th>
                <Table.Td>
                  {sizes.small === 0
                    ? 'none'
                    : `${plural(sizes.small, 'image')}: upscaled by the trainer, or left out with “no upscale”`}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </section>
        <section aria-labelledby="dataset-ratios-title">
          <Title order={3} size="h4" id="dataset-ratios-title" mb="xs">
            Aspect ratios
          </Title>
          <Stack gap={6} data-testid="dataset-aspects">
            {shares.length === 0 && <Text c="dimmed">No sizes read yet.</Text>}
            {shares.map((share) => (
              <Group key={share.label} gap="xs" wrap="nowrap">
                <Text size="sm" w="4rem" fw={500}>
                  {share.label}
                </Text>
                <div
                  aria-hidden
                  style={{
                    height: '0.6rem',
                    borderRadius: 3,
                    background: 'var(--mantine-primary-color-filled)',
                    width: `${Math.max(2, (share.count / Math.max(1, total)) * 60)}%`,
                  }}
                />
                <Text size="sm" c="dimmed">
                  {share.count.toLocaleString('en')} · {share.shape}
                </Text>
              </Group>
            ))}
          </Stack>
        </section>
      </SimpleGrid>

      {scan.subsets.length > 1 && (
        <section aria-labelledby="dataset-subsets-title">
          <Title order={3} size="h4" id="dataset-subsets-title" mb="xs">
            Folders
          </Title>
          <Table data-testid="dataset-subsets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Folder</Table.Th>
                <Table.Th>Repeats</Table.Th>
                <Table.Th>Class tokens</Table.Th>
                <Table.Th>Images</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scan.subsets.map((subset) => (
                <Table.Tr key={subset.path}>
                  <Table.Td>{subset.path === '' ? '(the dataset folder)' : subset.path}</Table.Td>
                  <Table.Td>{subset.repeats ?? <Badge variant="default">none</Badge>}</Table.Td>
                  <Table.Td>{subset.classTokens ?? '—'}</Table.Td>
                  <Table.Td>{(subset.images + subset.videos).toLocaleString('en')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
      <Text size="xs" c="dimmed">
        Scanned {new Date(scan.scannedAt).toLocaleString()} in{' '}
        {Math.round(scan.durationMs).toLocaleString('en')} ms; captions are the {scan.captionExtension} files
        beside the images.
      </Text>
    </Stack>
  );
}
