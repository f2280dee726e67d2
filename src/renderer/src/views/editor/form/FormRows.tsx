/**
 * The rows of a section, a group or a list item: fields, toggles drawn with the fields they enable,
 * nested groups, and lists of item cards (image folders, dataset directories, sample prompts) with
 * add and remove; each item's fields are generated the same way ("subsets.0.image_dir").
 */
import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { memo } from 'react';
import { itemDefaults } from '../../../../../shared/trainers/common/fill-defaults';
import { useEditorSelector, useEditorStore, useFieldIssues } from '../state/use-editor';
import { readPath } from '../state/value-path';
import { FieldRow } from './FieldRow';
import type { FormRow, ItemListModel } from './form-model';
import classes from './form.module.css';

const join = (base: string, rel: string): string => (base === '' ? rel : `${base}.${rel}`);

export const FormRows = memo(function FormRows({
  rows,
  base,
  multiline,
}: {
  rows: FormRow[];
  base: string;
  multiline?: boolean;
}) {
  return (
    <>
      {rows.map((row) => {
        switch (row.kind) {
          case 'field':
            return <FieldRow key={row.rel} path={join(base, row.rel)} field={row} multiline={multiline} />;
          case 'toggle-group':
            return (
              <div
                key={row.toggle.rel}
                className={classes.toggleGroup}
                data-toggle-group={row.toggle.template}
              >
                <FieldRow path={join(base, row.toggle.rel)} field={row.toggle} />
                <div className={classes.toggleGroupFields}>
                  {row.fields.map((field) => (
                    <FieldRow
                      key={field.rel}
                      path={join(base, field.rel)}
                      field={field}
                      multiline={multiline}
                    />
                  ))}
                </div>
              </div>
            );
          case 'group':
            return (
              <fieldset key={row.rel} className={classes.group} data-group-path={join(base, row.rel)}>
                <legend className={classes.groupLegend} title={row.tooltip}>
                  {row.label}
                </legend>
                <FormRows rows={row.rows} base={base} multiline={multiline} />
              </fieldset>
            );
          case 'items':
            return <ItemCards key={row.rel} list={row} base={base} />;
        }
      })}
    </>
  );
});

const noItems: readonly unknown[] = [];

function ItemCards({ list, base }: { list: ItemListModel; base: string }) {
  const store = useEditorStore();
  const path = join(base, list.rel);
  const items = useEditorSelector((state): readonly unknown[] => {
    const value = readPath(state.history.present.values, path);
    return Array.isArray(value) ? (value as unknown[]) : noItems;
  });
  const issues = useFieldIssues(path);
  const add = () => {
    const family = store.getState().history.present.family;
    const fresh = itemDefaults(list.schema.items?.properties ?? {}, family);
    store.dispatch({ type: 'set', path, value: [...items, fresh], at: Date.now(), newStep: true });
  };
  const itemName = list.itemLabel;
  return (
    <div className={classes.row} data-field-path={path} style={{ display: 'block' }}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm" title={list.tooltip}>
          {list.label}
        </Text>
        <Button size="compact-xs" variant="light" leftSection={<IconPlus size="0.8rem" />} onClick={add}>
          Add {itemName.toLowerCase()}
        </Button>
      </Group>
      {list.tooltip && (
        <Text size="xs" c="dimmed">
          {list.tooltip}
        </Text>
      )}
      {issues.map((issue, index) => (
        <div key={index} className={issue.severity === 'error' ? classes.issueError : classes.issueWarning}>
          {issue.message}
        </div>
      ))}
      {items.map((item, index) => {
        const named =
          typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string'
            ? (item as { name: string }).name || null
            : null;
        const title = `${itemName} ${index + 1}${named ? `: ${named}` : ''}`;
        return (
          <div key={index} className={classes.card} role="group" aria-label={title}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={500}>
                {title}
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${itemName.toLowerCase()} ${index + 1}`}
                onClick={() => store.dispatch({ type: 'remove', path: `${path}.${index}` })}
              >
                <IconTrash size="0.9rem" />
              </ActionIcon>
            </Group>
            <FormRows rows={list.rows} base={`${path}.${index}`} multiline={list.prompts} />
          </div>
        );
      })}
    </div>
  );
}
