/** The config editor's generated form, its section index, its field search and the jump to a field. */
export { EditorForm, type EditorFormProps } from './EditorForm';
export { SectionIndex } from './SectionIndex';
export { FieldSearch } from './FieldSearch';
export { scrollToField } from './form-nav';
