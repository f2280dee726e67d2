/** The control a field's model names. */
import { SelectControl, SwitchControl } from './ChoiceControls';
import type { ControlProps } from './control-props';
import { JsonControl } from './JsonControl';
import { KeyValuesControl } from './KeyValuesControl';
import { NumberListControl, TextListControl } from './ListControls';
import { NumberControl } from './NumberControl';
import { PathControl } from './PathControl';
import { TextControl } from './TextControls';

export function FieldControl(props: ControlProps) {
  switch (props.field.control) {
    case 'integer':
    case 'number':
      return <NumberControl {...props} />;
    case 'switch':
      return <SwitchControl {...props} />;
    case 'select':
      return <SelectControl {...props} />;
    case 'path':
      return <PathControl {...props} />;
    case 'number-list':
      return <NumberListControl {...props} />;
    case 'text-list':
      return <TextListControl {...props} />;
    case 'key-values':
      return <KeyValuesControl {...props} />;
    case 'json':
      return <JsonControl {...props} />;
    default:
      return <TextControl {...props} />;
  }
}
