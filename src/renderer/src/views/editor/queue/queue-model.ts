/**
 * What "Add to queue" sends and says, as plain functions: the job's name to start with, the GPU
 * request from the choice in the panel, and the button's words and why it is blocked.
 */
import type { ConfigIssue, GpuRequest } from '../../../../../shared/contract';
import type { EditorOrigin } from '../state/editor-store';

export interface GpuChoice {
  /** How many GPUs, when no particular ones are chosen. */
  count: number;
  /** Chosen GPUs by uuid; the job then takes exactly these. */
  chosen: string[];
}

export function gpuRequestOf(choice: GpuChoice): GpuRequest {
  if (choice.chosen.length > 0) return { count: choice.chosen.length, include: [...choice.chosen] };
  return { count: choice.count };
}

export function gpuChoiceOf(request: GpuRequest): GpuChoice {
  return { count: request.count, chosen: [...(request.include ?? [])] };
}

/** The name a job starts with: where its config came from, or the family's name. */
export function startingName(origin: EditorOrigin, familyLabel: string): string {
  switch (origin.kind) {
    case 'job':
      return origin.mode === 'edit' ? origin.name : `${origin.name} (copy)`;
    case 'preset':
      return origin.name;
    case 'import':
      return origin.fileName.replace(/\.(toml|json|ya?ml)$/i, '') || `${familyLabel} LoRA`;
    case 'new':
      return `${familyLabel} LoRA`;
  }
}

export function queueButtonLabel(origin: EditorOrigin): string {
  return origin.kind === 'job' && origin.mode === 'edit' ? 'Save changes to the queued job' : 'Add to queue';
}

/** Why the button is blocked, in a sentence; null when it may be pressed. */
export function blockedReason(name: string, errors: readonly ConfigIssue[]): string | null {
  if (errors.length === 1) return 'Fix this error first:';
  if (errors.length > 1) return `Fix these ${errors.length} errors first:`;
  if (name.trim() === '') return 'Give the job a name first.';
  return null;
}
