/**
 * The comment every file we write starts with. It names DPGui, the trainer and the family, so an
 * import of our own files recovers the family without asking.
 */
import type { TrainerKind } from './types';

export function dpguiHeader(
  trainer: TrainerKind,
  family: string,
  familyLabel: string,
  what: string,
): string[] {
  return [`Written by DPGui: trainer ${trainer}, family ${family} (${familyLabel}); ${what}.`];
}

export interface HeaderFacts {
  trainer: string;
  family: string;
}

export function readDpguiHeader(text: string): HeaderFacts | null {
  const match = /^#\s*Written by DPGui: trainer ([\w-]+), family ([\w.-]+)/m.exec(text);
  if (!match?.[1] || !match[2]) return null;
  return { trainer: match[1], family: match[2] };
}
