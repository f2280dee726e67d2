/**
 * The import summary: the format read, where the family came from, what landed where (by section),
 * the keys DPGui does not know with a pass-through choice each, and the importer's notes. When the
 * files do not say their family it asks for it and imports again.
 */
import { Badge, Button, Checkbox, Group, List, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useEditorStore } from '../state/use-editor';
import { useFilesSession, useFilesState, type LastImport } from './files-session';
import {
  applyPassThrough,
  groupLanded,
  passThroughBlocked,
  shortValue,
  type UnknownKey,
} from './import-summary-model';

export interface ImportSummaryProps {
  /** Import the same files again with the family the user chose. */
  onChooseFamily: (last: LastImport, family: string) => void;
}

export function ImportSummary({ onChooseFamily }: ImportSummaryProps) {
  const session = useFilesSession();
  const last = useFilesState((state) => state.last);
  const open = useFilesState((state) => state.summaryOpen);
  const close = (): void => session.update({ summaryOpen: false });
  if (!last) return null;
  const asking = !last.answer.ok && last.answer.needsFamily === true;
  return (
    <Modal
      opened={open}
      onClose={close}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the import summary' }}
      title={asking ? `Import ${last.name}: which model family?` : `Imported ${last.name}`}
    >
      {asking ? (
        <FamilyQuestion
          last={last}
          onChoose={(family) => {
            close();
            onChooseFamily(last, family);
          }}
        />
      ) : (
        // Keyed by the answer: a new import starts with no key passed through.
        <SummaryBody key={JSON.stringify(last.answer.fromFile)} last={last} onDone={close} />
      )}
    </Modal>
  );
}

function Notes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={4}>Notes</Title>
      <List size="sm" spacing={2}>
        {notes.map((note) => (
          <List.Item key={note}>{note}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

function FamilyQuestion({ last, onChoose }: { last: LastImport; onChoose: (family: string) => void }) {
  const families = last.answer.families ?? [];
  const [family, setFamily] = useState<string | null>(null);
  return (
    <Stack>
      <Group gap="xs">
        <Text size="sm">Format:</Text>
        <Badge variant="light">{last.answer.format ?? 'unknown'}</Badge>
      </Group>
      <Notes notes={last.answer.notes ?? []} />
      <Select
        label="Model family of these files"
        placeholder="Choose a family"
        data={families.map((f) => ({ value: f.id, label: f.label }))}
        value={family}
        onChange={setFamily}
        allowDeselect={false}
      />
      <Group justify="flex-end">
        <Button disabled={family === null} onClick={() => family !== null && onChoose(family)}>
          Import with this family
        </Button>
      </Group>
    </Stack>
  );
}

function SummaryBody({ last, onDone }: { last: LastImport; onDone: () => void }) {
  const store = useEditorStore();
  const session = useFilesSession();
  const { answer } = last;
  const sameTrainer = store.schema.trainer === last.trainer;
  const landed = useMemo(
    () =>
      groupLanded(
        sameTrainer ? store.schema.schema : { type: 'object', properties: {} },
        sameTrainer ? store.schema.sections : [],
        answer.fromFile ?? [],
      ),
    [store.schema, sameTrainer, answer.fromFile],
  );
  const unknown = answer.unknownKeys ?? [];
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const familyLabel =
    store.schema.families.find((f) => f.id === answer.config?.family)?.label ?? answer.config?.family ?? '';

  const done = (): void => {
    if (chosen.size > 0) {
      const config = applyPassThrough(store.getState().history.present, unknown, chosen);
      store.dispatch({ type: 'replace', config });
      session.update({ baseline: config });
    }
    onDone();
  };

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text size="sm">Format:</Text>
        <Badge variant="light">{answer.format ?? 'unknown'}</Badge>
        {familyLabel !== '' && (
          <Text size="sm">
            Family: <b>{familyLabel}</b>
            {answer.familySource ? ` (from ${answer.familySource})` : ''}
          </Text>
        )}
      </Group>
      <Stack gap={4}>
        <Title order={4}>
          What landed where ({(answer.fromFile ?? []).length} value
          {(answer.fromFile ?? []).length === 1 ? '' : 's'})
        </Title>
        {landed.length === 0 && (
          <Text size="sm">The files set no value; the config is the family&apos;s defaults.</Text>
        )}
        {landed.map((section) => (
          <Text key={section.id} size="sm" role="group" aria-label={`Landed in ${section.label}`}>
            <b>{section.label}</b> ›{' '}
            {section.fields.map((field, index) => (
              <span key={field.path} title={field.path}>
                {index > 0 ? ', ' : ''}
                {field.label}
              </span>
            ))}
          </Text>
        ))}
      </Stack>
      <UnknownKeysChoice unknown={unknown} chosen={chosen} onChange={setChosen} />
      <Notes notes={answer.notes ?? []} />
      <Group justify="flex-end">
        <Button onClick={done}>
          {chosen.size > 0
            ? `Pass through ${chosen.size} key${chosen.size === 1 ? '' : 's'} and close`
            : 'Done'}
        </Button>
      </Group>
    </Stack>
  );
}

function UnknownKeysChoice({
  unknown,
  chosen,
  onChange,
}: {
  unknown: readonly UnknownKey[];
  chosen: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
}) {
  if (unknown.length === 0) return null;
  const toggle = (path: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(path);
    else next.delete(path);
    onChange(next);
  };
  return (
    <Stack gap={4}>
      <Title order={4}>Not recognised ({unknown.length})</Title>
      <Text size="xs" c="dimmed">
        DPGui does not know these keys. Pass one through to write it, as it is, into the trainer&apos;s files;
        otherwise it is kept here and not written.
      </Text>
      {unknown.map((key) => {
        const blocked = passThroughBlocked(key);
        return (
          <Group key={key.path} justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {key.path} = {shortValue(key.value)}
            </Text>
            {blocked === null ? (
              <Checkbox
                label="Pass through"
                aria-label={`Pass through ${key.path}`}
                checked={chosen.has(key.path)}
                onChange={(event) => toggle(key.path, event.currentTarget.checked)}
              />
            ) : (
              <Text size="xs" c="dimmed" maw="45%">
                {blocked}
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
