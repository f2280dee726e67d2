/** Bulk caption operations as pure text functions: the preview and the write use the same ones. */
import type { BulkOperation } from '../../../../shared/contract';

interface Separator {
  /** What tags are split on (the separator without its blanks, e.g. ","). */
  split: string;
  /** What tags are joined with (", " for ","). */
  join: string;
}

export function separatorOf(separator = ', '): Separator {
  const core = separator.trim() || separator;
  return { split: core, join: core === separator && core !== ' ' ? `${core} ` : separator };
}

export function splitTags(text: string, separator: Separator): string[] {
  return text
    .split(separator.split)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** The caption after the operation, or null where it does not change. `before` null: no caption file yet. */
export function applyBulkOperation(
  before: string | null,
  operation: BulkOperation,
  separatorText?: string,
): string | null {
  const separator = separatorOf(separatorText);
  // A trailing newline stays where it was; the operation works on the text before it.
  const body = (before ?? '').replace(/\s+$/, '');
  const trailing = (before ?? '').slice(body.length);
  let after: string;
  switch (operation.kind) {
    case 'prepend': {
      const first = splitTags(body, separator)[0];
      if (first === operation.text.trim() || body.startsWith(operation.text)) return null;
      after = body === '' ? operation.text : `${operation.text}${separator.join}${body}`;
      break;
    }
    case 'add_tag': {
      const tags = splitTags(body, separator);
      const tag = operation.tag.trim();
      if (tags.includes(tag)) return null;
      if (body === '') after = tag;
      else
        after =
          operation.position === 'start'
            ? `${tag}${separator.join}${body}`
            : `${body}${separator.join}${tag}`;
      break;
    }
    case 'remove_tag': {
      if (before === null) return null;
      const tags = splitTags(body, separator);
      const kept = tags.filter((t) => t !== operation.tag.trim());
      if (kept.length === tags.length) return null;
      after = kept.join(separator.join);
      break;
    }
    case 'replace': {
      if (before === null) return null;
      after = body.split(operation.find).join(operation.replace);
      if (after === body) return null;
      break;
    }
  }
  return after + trailing;
}

/** Counts tags caption by caption (a tag counts once per caption), so no caption text need be kept. */
export function tagCounter(separatorText?: string) {
  const separator = separatorOf(separatorText);
  const counts = new Map<string, number>();
  return {
    add(caption: string): void {
      for (const tag of new Set(splitTags(caption, separator))) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    },
    /** Most frequent first, then by name. */
    result(): { tag: string; count: number }[] {
      return [...counts.entries()]
        .map(([tag, count]) => ({ tag, count }))
        .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
    },
  };
}

/** How many captions name each tag (a tag counts once per caption), most frequent first. */
export function tagFrequency(
  captions: readonly string[],
  separatorText?: string,
): { tag: string; count: number }[] {
  const counter = tagCounter(separatorText);
  for (const caption of captions) counter.add(caption);
  return counter.result();
}
