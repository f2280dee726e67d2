/**
 * The Datasets view's address: `#/datasets` lists them, `#/datasets?id=<id>` opens one, with its tab,
 * the selected image (`file`), the tag the grid is filtered by (`tag`) and the files filter (`show`).
 */

export const datasetTabs = ['images', 'overview', 'buckets', 'bulk'] as const;
export type DatasetTab = (typeof datasetTabs)[number];

export const fileFilters = ['all', 'problems', 'missing_caption'] as const;
export type FileFilter = (typeof fileFilters)[number];

/** Absent fields are the defaults (the list; the Images tab; every file), kept out of the address. */
export interface DatasetsSearch {
  id?: string;
  tab?: Exclude<DatasetTab, 'images'>;
  file?: string;
  tag?: string;
  show?: Exclude<FileFilter, 'all'>;
}

const text = (value: unknown, max: number): string | undefined => {
  // A number-looking value ("?tag=1girl" is text, "?tag=42" arrives as a number).
  const s = typeof value === 'number' ? String(value) : value;
  return typeof s === 'string' && s !== '' && s.length <= max ? s : undefined;
};

function oneOf<T extends string, F extends T>(
  value: unknown,
  allowed: readonly T[],
  fallback: F,
): Exclude<T, F> | undefined {
  return typeof value === 'string' && value !== fallback && (allowed as readonly string[]).includes(value)
    ? (value as Exclude<T, F>)
    : undefined;
}

/** The route's validateSearch: anything unknown or malformed falls back to the default. */
export function validateDatasetsSearch(raw: Record<string, unknown>): DatasetsSearch {
  const search: DatasetsSearch = {};
  const id = text(raw.id, 64);
  if (id === undefined) return search;
  search.id = id;
  const tab = oneOf(raw.tab, datasetTabs, 'images');
  if (tab) search.tab = tab;
  const file = text(raw.file, 4096);
  if (file) search.file = file;
  const tag = text(raw.tag, 500);
  if (tag) search.tag = tag;
  const show = oneOf(raw.show, fileFilters, 'all');
  if (show) search.show = show;
  return search;
}
