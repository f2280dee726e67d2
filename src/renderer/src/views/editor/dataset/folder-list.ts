/**
 * Where a trainer's config lists its image folders, and the list with a folder added: sd-scripts'
 * `subsets` (one [[datasets.subsets]] per folder, `image_dir`), diffusion-pipe's
 * `dataset.directories` (one [[directory]] per folder, `path`). A new item takes the item schema's
 * defaults, as the form's "Add" would, so the card under the panel shows the values that are written.
 */
import type { Dataset, TrainerConfig } from '../../../../../shared/contract';
import { itemDefaults } from '../../../../../shared/trainers/common/fill-defaults';
import { schemaAt } from '../../../../../shared/trainers/common/schema-walk';
import type { TrainerKind } from '../../../../../shared/trainers/common/types';
import type { EditorSchema } from '../state/editor-schema';
import { readPath } from '../state/value-path';

export interface FolderList {
  /** The list's values path. */
  listPath: string;
  /** The key of an item that holds the folder. */
  folderKey: string;
  /** The key of an item that holds its repeats. */
  repeatsKey: string;
  /** The folder field's label in the form, for messages that send the user there. */
  folderLabel: string;
}

export function folderListOf(trainer: TrainerKind): FolderList | null {
  if (trainer === 'sd-scripts')
    return {
      listPath: 'subsets',
      folderKey: 'image_dir',
      repeatsKey: 'num_repeats',
      folderLabel: 'Image folder',
    };
  if (trainer === 'diffusion-pipe')
    return {
      listPath: 'dataset.directories',
      folderKey: 'path',
      repeatsKey: 'num_repeats',
      folderLabel: 'Folder',
    };
  return null;
}

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function itemsOf(values: Record<string, unknown>, list: FolderList): Item[] {
  const current = readPath(values, list.listPath);
  return Array.isArray(current) ? current.filter(isItem) : [];
}

/** The folders the config names now, in order (blank ones left out). */
export function foldersOf(config: TrainerConfig, list: FolderList): string[] {
  return itemsOf(config.values, list)
    .map((item) => item[list.folderKey])
    .filter((folder): folder is string => typeof folder === 'string' && folder !== '');
}

/** One folder to add: its path, its repeats and a name for the user (sd-scripts' `name`). */
export interface FolderToAdd {
  path: string;
  repeats: number | null;
  name: string;
}

const lastPart = (path: string): string =>
  path
    .split(/[\\/]/)
    .filter((part) => part !== '')
    .at(-1) ?? path;

/** A sub-folder of `root`, written with the separator `root` uses (the host's, Windows or not). */
export function joinFolder(root: string, sub: string): string {
  if (sub === '') return root;
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const trimmed = root.endsWith(separator) ? root.slice(0, -1) : root;
  return `${trimmed}${separator}${sub.split('/').join(separator)}`;
}

/** kohya's "10_name" folder: 10 repeats. */
function repeatsOfName(name: string): number | null {
  const match = /^(\d+)_./.exec(name);
  const repeats = match ? Number(match[1]) : NaN;
  return Number.isInteger(repeats) && repeats >= 1 ? repeats : null;
}

/**
 * The folders a registered dataset gives: the dataset folder itself, or, when its images sit in
 * kohya's "10_name" sub-folders (both trainers read only the files directly in a folder), one per
 * such sub-folder with its repeats. A folder not scanned yet is taken as it is.
 */
export function foldersOfDataset(dataset: Pick<Dataset, 'path' | 'name' | 'scan'>): FolderToAdd[] {
  const subsets = dataset.scan?.subsets ?? [];
  const own = subsets.find((subset) => subset.path === '');
  const nested = subsets.filter((subset) => subset.path !== '' && subset.images + subset.videos > 0);
  const ownFiles = own ? own.images + own.videos : 0;
  if (nested.length > 0 && ownFiles === 0)
    return nested.map((subset) => ({
      path: joinFolder(dataset.path, subset.path),
      repeats: subset.repeats ?? repeatsOfName(lastPart(subset.path)),
      name: lastPart(subset.path),
    }));
  return [{ path: dataset.path, repeats: repeatsOfName(lastPart(dataset.path)), name: dataset.name }];
}

const isBlankItem = (item: Item, list: FolderList): boolean => {
  const folder = item[list.folderKey];
  return folder === undefined || folder === null || folder === '';
};

/**
 * The folder list with `folders` added after the ones there (a folder already listed is not added
 * twice); a new config's one blank placeholder item is filled in instead of kept beside them.
 * null when nothing would change.
 */
export function listWithFolders(
  schema: EditorSchema,
  config: TrainerConfig,
  list: FolderList,
  folders: readonly FolderToAdd[],
): Item[] | null {
  const items = itemsOf(config.values, list);
  const present = new Set(foldersOf(config, list));
  const fresh = folders.filter((folder, index) => {
    if (present.has(folder.path)) return false;
    return folders.findIndex((other) => other.path === folder.path) === index;
  });
  if (fresh.length === 0) return null;
  const properties = schemaAt(schema.schema, list.listPath)?.items?.properties ?? {};
  const defaults = itemDefaults(properties, config.family);
  const withName = 'name' in properties;
  const itemFor = (folder: FolderToAdd, base: Item): Item => ({
    ...base,
    ...(withName && (base.name === undefined || base.name === '' || base.name === 'images')
      ? { name: folder.name }
      : {}),
    [list.folderKey]: folder.path,
    ...(folder.repeats !== null ? { [list.repeatsKey]: folder.repeats } : {}),
  });
  const [first, ...rest] = fresh;
  if (first === undefined) return null;
  const placeholder = items.length === 1 && items[0] !== undefined && isBlankItem(items[0], list);
  if (placeholder && items[0]) {
    return [itemFor(first, { ...defaults, ...items[0] }), ...rest.map((folder) => itemFor(folder, defaults))];
  }
  return [...items, ...fresh.map((folder) => itemFor(folder, defaults))];
}
