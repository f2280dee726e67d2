/**
 * Bulk caption changes: prepend, append a tag, replace text, remove a tag, over every image or the
 * images of the tag the grid is filtered by. Preview first (datasets.bulk.preview: each caption it
 * changes, before → after, and the counts), then Apply; the last change can be undone
 * (datasets.undoBulk; captions edited since are left alone and named).
 */
import {
  Alert,
  Button,
  Group,
  List,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { BulkOperation, ResponseOf } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { bulkKindLabels, bulkKinds, bulkOperationOf, type BulkForm, type BulkKind } from './bulk-operation';
import { plural } from './dataset-stats';

type Preview = ResponseOf<'datasets.bulk.preview'> & {
  operation: BulkOperation;
  paths: string[] | undefined;
};
/** What the last Apply or Undo did; held by the dataset's page, so it outlives a switch of tabs. */
export type BulkOutcome =
  | { kind: 'applied'; answer: ResponseOf<'datasets.bulk.apply'> }
  | { kind: 'undone'; answer: ResponseOf<'datasets.undoBulk'> };

const shownChanges = 100;

const fieldLabels: Record<BulkKind, string> = {
  prepend: 'Text to put first',
  append: 'Tag to add at the end',
  replace: 'Find',
  remove: 'Tag to remove',
};

export function BulkPanel({
  id,
  tag,
  tagPaths,
  total,
  outcome,
  setOutcome,
  onChanged,
}: {
  id: string;
  /** The tag the grid is filtered by, and its images' paths once known. */
  tag: string | undefined;
  tagPaths: string[] | undefined;
  total: number;
  outcome: BulkOutcome | null;
  setOutcome: (outcome: BulkOutcome) => void;
  onChanged: () => void;
}): ReactNode {
  const client = useClient();
  const [form, setForm] = useState<BulkForm>({ kind: 'prepend', text: '', replacement: '' });
  const [scope, setScope] = useState<'all' | 'tag'>('all');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | 'undo' | null>(null);
  const onlyTag = scope === 'tag' && tag !== undefined;
  const paths = onlyTag ? tagPaths : undefined;

  const edit = (change: Partial<BulkForm>) => {
    setForm((f) => ({ ...f, ...change }));
    // A preview holds for what it was made of.
    setPreview(null);
  };

  const run = async <T,>(what: 'preview' | 'apply' | 'undo', call: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    setProblem(null);
    try {
      return await call();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const makePreview = async () => {
    const result = bulkOperationOf(form);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    const request = { id, operation: result.operation, ...(paths ? { paths } : {}) };
    const answer = await run('preview', () => client.request('datasets.bulk.preview', request));
    if (answer) setPreview({ ...answer, operation: result.operation, paths });
  };

  const apply = async () => {
    if (!preview) return;
    const request = { id, operation: preview.operation, ...(preview.paths ? { paths: preview.paths } : {}) };
    const answer = await run('apply', () => client.request('datasets.bulk.apply', request));
    if (!answer) return;
    setOutcome({ kind: 'applied', answer });
    setPreview(null);
    onChanged();
  };

  const undo = async () => {
    const answer = await run('undo', () => client.request('datasets.undoBulk', { id }));
    if (!answer) return;
    setOutcome({ kind: 'undone', answer });
    onChanged();
  };

  return (
    <Stack gap="md" maw="60rem">
      <SegmentedControl
        aria-label="Bulk operation"
        value={form.kind}
        onChange={(value) => edit({ kind: value })}
        data={bulkKinds.map((kind) => ({ value: kind, label: bulkKindLabels[kind] }))}
        data-testid="bulk-kind"
        style={{ alignSelf: 'flex-start' }}
      />
      <Group align="flex-end" gap="sm">
        <TextInput
          label={fieldLabels[form.kind]}
          value={form.text}
          onChange={(event) => edit({ text: event.currentTarget.value })}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void makePreview();
          }}
          w="20rem"
          data-testid="bulk-text"
        />
        {form.kind === 'replace' && (
          <TextInput
            label="Replace with"
            value={form.replacement}
            onChange={(event) => edit({ replacement: event.currentTarget.value })}
            w="20rem"
            data-testid="bulk-replacement"
          />
        )}
        <Button
          variant="default"
          onClick={() => void makePreview()}
          loading={busy === 'preview'}
          data-testid="bulk-preview"
        >
          Preview
        </Button>
      </Group>
      {tag !== undefined && (
        <SegmentedControl
          aria-label="Which images"
          value={scope}
          onChange={(value) => {
            setScope(value);
            setPreview(null);
          }}
          data={[
            { value: 'all', label: `All ${plural(total, 'image')}` },
            { value: 'tag', label: `Images tagged “${tag}”${tagPaths ? ` (${tagPaths.length})` : ''}` },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      {problem && (
        <Alert color="red" data-testid="bulk-problem">
          {problem}
        </Alert>
      )}

      {preview && (
        <section aria-labelledby="bulk-preview-title" data-testid="bulk-preview-result">
          <Group justify="space-between" align="flex-end" mb="xs">
            <div>
              <Title order={3} size="h4" id="bulk-preview-title">
                Preview
              </Title>
              <Text size="sm" data-testid="bulk-counts">
                {plural(preview.changes.length, 'caption')} change, {preview.unchanged.toLocaleString('en')}{' '}
                stay as they are
                {preview.skipped.length > 0 ? `, ${preview.skipped.length.toLocaleString('en')} skipped` : ''}
                . Nothing is written until you apply.
              </Text>
            </div>
            <Button
              // Light, not filled: white on the dark scheme's lighter primary fails contrast.
              variant="light"
              onClick={() => void apply()}
              loading={busy === 'apply'}
              disabled={preview.changes.length === 0}
              data-testid="bulk-apply"
            >
              Apply to {plural(preview.changes.length, 'caption')}
            </Button>
          </Group>
          {preview.changes.length > 0 && (
            <Table.ScrollContainer minWidth="36rem" mah="24rem">
              <Table striped stickyHeader verticalSpacing={4} aria-label="Caption changes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Image</Table.Th>
                    <Table.Th>Before</Table.Th>
                    <Table.Th>After</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.changes.slice(0, shownChanges).map((change) => (
                    <Table.Tr key={change.path} data-testid="bulk-change" data-path={change.path}>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{change.path}</Table.Td>
                      <Table.Td data-testid="bulk-before">
                        {change.before === null ? (
                          <Text span size="sm" c="dimmed" fs="italic">
                            no caption file
                          </Text>
                        ) : (
                          change.before
                        )}
                      </Table.Td>
                      <Table.Td data-testid="bulk-after">{change.after}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {preview.changes.length > shownChanges && (
            <Text size="sm" c="dimmed" mt={4}>
              and {(preview.changes.length - shownChanges).toLocaleString('en')} more
            </Text>
          )}
          {preview.skipped.length > 0 && (
            <List size="sm" mt="xs">
              {preview.skipped.slice(0, 10).map((s) => (
                <List.Item key={s.path}>
                  {s.path}: {s.reason}
                </List.Item>
              ))}
            </List>
          )}
        </section>
      )}

      {outcome && (
        <Alert
          color={outcome.kind === 'applied' ? 'green' : 'blue'}
          data-testid="bulk-outcome"
          title={
            outcome.kind === 'applied'
              ? `Changed ${plural(outcome.answer.changed, 'caption')}`
              : `Put back ${plural(outcome.answer.restored, 'caption')}`
          }
        >
          <Stack gap="xs">
            {outcome.kind === 'applied' &&
              (outcome.answer.failed.length > 0 || outcome.answer.skipped.length > 0) && (
                <List size="sm">
                  {[...outcome.answer.failed, ...outcome.answer.skipped].slice(0, 10).map((s) => (
                    <List.Item key={s.path}>
                      {s.path}: {s.reason}
                    </List.Item>
                  ))}
                </List>
              )}
            {outcome.kind === 'undone' && outcome.answer.conflicts.length > 0 && (
              <>
                <Text size="sm">Edited since, so left as they are:</Text>
                <List size="sm">
                  {outcome.answer.conflicts.slice(0, 10).map((s) => (
                    <List.Item key={s.path}>
                      {s.path}: {s.reason}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {outcome.kind === 'applied' && (
              <Button
                variant="default"
                onClick={() => void undo()}
                loading={busy === 'undo'}
                data-testid="bulk-undo"
                style={{ alignSelf: 'flex-start' }}
              >
                Undo this change
              </Button>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
