/**
 * Which of a folder's names the picker answers, in what order: hidden names only when asked, files by
 * extension, the kinds asked for; folders first, then files, each in natural order (img2 before img10);
 * at most `limit`. Pure: names and kinds come in as plain values (links already followed).
 */
import type { FolderEntryKind, ListFolderRequest } from '../../../shared/contract';

export interface NamedEntry {
  name: string;
  kind: FolderEntryKind;
}

type Filter = NonNullable<ListFolderRequest['filter']>;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export const isHiddenName = (name: string): boolean => name.startsWith('.');

/** ".SafeTensors" and "safetensors" alike: lower case, with the dot. */
export function normalizedExtensions(filter: Filter | undefined): string[] | null {
  const extensions = filter?.extensions;
  if (!extensions || extensions.length === 0) return null;
  return extensions.map((ext) => (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase());
}

/** Whether a name passes the filter before its kind is known (a link's kind is found later). */
export function passesNameFilter(name: string, filter: Filter | undefined): boolean {
  return filter?.showHidden === true || !isHiddenName(name);
}

export function passesFilter(
  entry: NamedEntry,
  filter: Filter | undefined,
  extensions: string[] | null,
): boolean {
  if (!passesNameFilter(entry.name, filter)) return false;
  if (filter?.kinds && !filter.kinds.includes(entry.kind)) return false;
  if (entry.kind === 'file' && extensions) {
    const lower = entry.name.toLowerCase();
    return extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
  }
  return true;
}

export function compareEntries(a: NamedEntry, b: NamedEntry): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The entries to answer and whether more matched than `limit`. */
export function selectEntries<E extends NamedEntry>(
  entries: readonly E[],
  filter: Filter | undefined,
  limit: number,
): { entries: E[]; truncated: boolean } {
  const extensions = normalizedExtensions(filter);
  const matching = entries.filter((entry) => passesFilter(entry, filter, extensions)).sort(compareEntries);
  return { entries: matching.slice(0, limit), truncated: matching.length > limit };
}
