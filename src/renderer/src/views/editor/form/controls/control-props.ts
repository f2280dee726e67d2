/** What every control of the form gets: its field, the value the config holds, and a setter. */
import type { FieldModel } from '../form-model';

export interface ControlProps {
  /** The input's id; the row's label points at it. */
  id: string;
  field: FieldModel;
  /** The value in the config (undefined: left out, shows the default; null: cleared). */
  value: unknown;
  /** The value shown when the config leaves the field out. */
  fallback: unknown;
  disabled: boolean;
  /** Ids of the tooltip, the greyed reason and the issues, for aria-describedby. */
  describedBy: string;
  /** Inside a sample-prompt card: text is written over several lines. */
  multiline?: boolean;
  set: (value: unknown) => void;
}
