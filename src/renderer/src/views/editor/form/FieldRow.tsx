/**
 * One field: its label with the tooltip (hover or focus the info mark), the control, the default, a
 * changed mark with "Reset <label>", the greyed reason (hover or focus the row: it stays focusable
 * while its control is disabled, and its value stays shown), and configs.validate's issues under it.
 * It reads its own slice of the store, so a keystroke elsewhere does not re-render it.
 */
import { ActionIcon } from '@mantine/core';
import { IconArrowBackUp, IconInfoCircle } from '@tabler/icons-react';
import { memo, useId } from 'react';
import {
  useFieldDefault,
  useFieldIssues,
  useFieldSetter,
  useFieldValue,
  useGreyedReason,
} from '../state/use-editor';
import { FieldControl } from './controls/FieldControl';
import type { FieldModel } from './form-model';
import classes from './form.module.css';
import { defaultText, isChanged } from './value-text';

export interface FieldRowProps {
  path: string;
  field: FieldModel;
  multiline?: boolean;
}

export const FieldRow = memo(function FieldRow({ path, field, multiline }: FieldRowProps) {
  const value = useFieldValue(path);
  const fallback = useFieldDefault(path);
  const greyed = useGreyedReason(path);
  const issues = useFieldIssues(path);
  const { set, reset } = useFieldSetter(path);
  const id = useId();
  const changed = isChanged(value, fallback);
  const dflt = defaultText(fallback, field.schema);
  const tipId = `${id}-tip`;
  const greyId = `${id}-grey`;
  const issuesId = `${id}-issues`;
  const describedBy = [field.tooltip ? tipId : '', greyed ? greyId : '', issues.length > 0 ? issuesId : '']
    .filter((x) => x !== '')
    .join(' ');
  return (
    <div
      className={classes.row}
      data-field-path={path}
      data-greyed={greyed ? 'true' : undefined}
      data-changed={changed ? 'true' : undefined}
      tabIndex={greyed ? 0 : undefined}
      aria-describedby={greyed ? greyId : undefined}
    >
      <div className={classes.labelCell}>
        <label className={classes.labelText} htmlFor={id}>
          {field.label}
        </label>
        {field.tooltip && (
          <span className={classes.tipAnchor} tabIndex={0} aria-label={`About ${field.label}`} role="note">
            <IconInfoCircle size="0.85rem" aria-hidden />
            <span className={classes.tip} id={tipId} role="tooltip">
              {field.tooltip}
            </span>
          </span>
        )}
        {changed && (
          <>
            <span className={classes.changedMark} title="Changed from the default" aria-label="changed">
              ●
            </span>
            <ActionIcon
              size="xs"
              variant="subtle"
              color="gray"
              aria-label={`Reset ${field.label}`}
              title={dflt ? `Back to the default: ${dflt}` : 'Back to the default (empty)'}
              onClick={reset}
            >
              <IconArrowBackUp size="0.8rem" />
            </ActionIcon>
          </>
        )}
      </div>
      <div className={classes.controlCell}>
        <FieldControl
          id={id}
          field={field}
          value={value}
          fallback={fallback}
          disabled={greyed !== null}
          describedBy={describedBy}
          multiline={multiline}
          set={set}
        />
        {changed && dflt && <span className={classes.hint}>default: {dflt}</span>}
        {issues.length > 0 && (
          <div id={issuesId}>
            {issues.map((issue, index) => (
              <div
                key={index}
                className={issue.severity === 'error' ? classes.issueError : classes.issueWarning}
                data-severity={issue.severity}
              >
                {issue.message}
              </div>
            ))}
          </div>
        )}
      </div>
      {greyed && (
        <div className={classes.greyReason} id={greyId} role="tooltip">
          {greyed}
        </div>
      )}
    </div>
  );
});
