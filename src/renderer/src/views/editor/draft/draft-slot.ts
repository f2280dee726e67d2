/**
 * Which draft the editor keeps, and the origin stored with it. A queued job being edited has its own
 * slot ("job:<id>"), so editing it never offers another config's draft; everything else (a new config,
 * a preset, an import, a clone) is the one "new" slot.
 */
import type { DraftOrigin } from '../../../../../shared/contract';
import type { EditorOrigin } from '../state/editor-store';

export type DraftSlot = 'new' | `job:${string}`;

export function slotOf(origin: EditorOrigin): DraftSlot {
  return origin.kind === 'job' && origin.mode === 'edit' ? `job:${origin.jobId}` : 'new';
}

export function toDraftOrigin(origin: EditorOrigin): DraftOrigin {
  return { ...origin };
}

/** A stored origin read back; one that lacks what its kind needs is a new config's. */
export function fromDraftOrigin(origin: DraftOrigin): EditorOrigin {
  switch (origin.kind) {
    case 'preset':
      return origin.presetId !== undefined && origin.name !== undefined
        ? { kind: 'preset', presetId: origin.presetId, name: origin.name, builtIn: origin.builtIn === true }
        : { kind: 'new' };
    case 'import':
      return origin.fileName !== undefined ? { kind: 'import', fileName: origin.fileName } : { kind: 'new' };
    case 'job':
      return origin.jobId !== undefined && origin.name !== undefined && origin.mode !== undefined
        ? { kind: 'job', jobId: origin.jobId, name: origin.name, mode: origin.mode }
        : { kind: 'new' };
    default:
      return { kind: 'new' };
  }
}

/** Where a config came from, in words: "the preset “SDXL portrait”", "a copy of the job “cats v2”". */
export function originText(origin: EditorOrigin): string {
  switch (origin.kind) {
    case 'new':
      return 'a new config';
    case 'preset':
      return `the ${origin.builtIn ? 'built-in ' : ''}preset “${origin.name}”`;
    case 'import':
      return `the imported file ${origin.fileName}`;
    case 'job':
      return origin.mode === 'edit'
        ? `the queued job “${origin.name}”, being edited`
        : `a copy of the job “${origin.name}”`;
  }
}
