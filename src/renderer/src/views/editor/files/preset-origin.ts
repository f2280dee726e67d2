/** What the editor says about where its config came from (the preset's name, the file's, the job's). */
import type { EditorOrigin } from '../state/editor-store';

export function originText(origin: EditorOrigin): string {
  switch (origin.kind) {
    case 'new':
      return 'New config';
    case 'preset':
      return origin.builtIn ? `Preset: ${origin.name} (built-in, read-only)` : `Preset: ${origin.name}`;
    case 'import':
      return `Imported: ${origin.fileName}`;
    case 'job':
      return origin.mode === 'edit' ? `Editing job: ${origin.name}` : `Copy of job: ${origin.name}`;
  }
}

/** The saved (not built-in) preset the editor holds, which Save, Rename and Delete act on. */
export function savedPresetOf(origin: EditorOrigin): { presetId: string; name: string } | null {
  return origin.kind === 'preset' && !origin.builtIn
    ? { presetId: origin.presetId, name: origin.name }
    : null;
}
