/** The editor's files parts: presets, import (button, drop, summary), unknown keys, export, preview. */
export { PresetMenu, type PresetMenuProps } from './PresetMenu';
export { ImportButton, type ImportButtonProps } from './ImportButton';
export { ImportSummary } from './ImportSummary';
export { UnknownKeysPanel } from './UnknownKeysPanel';
export { ExportButton } from './ExportButton';
export { FilesPreview } from './FilesPreview';
export { useImport, type ImportActions } from './use-import';
export { useConfigDrop } from './use-config-drop';
export type { OpenInOtherTrainer } from './load-config';
export { originText } from './preset-origin';
export { FilesSessionContext, createFilesSession } from './files-session';
