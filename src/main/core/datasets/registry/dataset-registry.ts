/**
 * The remembered dataset folders: datasets.json in the data folder, written atomically. A JSON file
 * rather than a table: a handful of entries read once at start-up, and no database exists yet for the
 * core (the queue's own database is the queue's). Removing an entry forgets it; files are never touched.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { contractError, type ContractError } from '../../../../shared/contract';
import { absolutePathError, userPathError } from '../../fs/user-path-error';
import { writeFileAtomic } from '../../fs/write-file-atomic';
import { systemFolderReason, systemFolderRefusal } from './system-folders';

export interface RegisteredDataset {
  id: string;
  name: string;
  /** The folder's real path (symlinks resolved when it was registered). */
  path: string;
  registeredAt: string;
  /** The caption extension of the last scan; ".txt" until one says otherwise. */
  captionExtension: string;
}

/** A folder that cannot be registered, with the answer the caller should get (all 4xx). */
export class DatasetFolderError extends Error {
  constructor(readonly answer: ContractError) {
    super(answer.message);
    this.name = 'DatasetFolderError';
  }
}

export interface DatasetRegistry {
  list(): RegisteredDataset[];
  get(id: string): RegisteredDataset | undefined;
  /**
   * Remembers a folder; a folder already known (same real path) answers its entry. A relative path, a
   * missing folder, a file or a system folder is a DatasetFolderError; a failed write (full disk) is the
   * file system's error as it was thrown.
   */
  register(path: string, name?: string): RegisteredDataset;
  update(
    id: string,
    patch: Partial<Pick<RegisteredDataset, 'name' | 'captionExtension'>>,
  ): RegisteredDataset | undefined;
  remove(id: string): boolean;
}

interface RegistryFile {
  version: 1;
  datasets: RegisteredDataset[];
}

export function openDatasetRegistry(
  dataDir: string,
  now: () => Date,
  notice: (sentence: string) => void = () => {},
): DatasetRegistry {
  const file = join(dataDir, 'datasets.json');
  const entries = new Map<string, RegisteredDataset>();
  for (const entry of readRegistryFile(file, now, notice)) entries.set(entry.id, entry);
  const save = (): void => {
    const content: RegistryFile = { version: 1, datasets: [...entries.values()] };
    writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
  };
  /** Changes the list and saves it; a failed write (a full disk) leaves it as it is on disk. */
  const change = (apply: () => void): void => {
    const before = [...entries];
    apply();
    try {
      save();
    } catch (error) {
      entries.clear();
      for (const [id, entry] of before) entries.set(id, entry);
      throw error;
    }
  };
  return {
    list: () => [...entries.values()],
    get: (id) => entries.get(id),
    register(path, name) {
      const real = realFolder(path);
      const known = [...entries.values()].find((entry) => entry.path === real);
      if (known) return known;
      const entry: RegisteredDataset = {
        id: datasetIdOf(real),
        name: name?.trim() || basename(real) || real,
        path: real,
        registeredAt: now().toISOString(),
        captionExtension: '.txt',
      };
      change(() => entries.set(entry.id, entry));
      return entry;
    },
    update(id, patch) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      const updated = { ...entry, ...patch };
      change(() => entries.set(id, updated));
      return updated;
    },
    remove(id) {
      if (!entries.has(id)) return false;
      change(() => entries.delete(id));
      return true;
    },
  };
}

/** The id follows from the folder: registering it again (after a remove) finds its cache again. */
export function datasetIdOf(realPath: string): string {
  return createHash('sha256').update(realPath).digest('hex').slice(0, 12);
}

function realFolder(path: string): string {
  // Relative paths would resolve against the host's own working folder, which the user cannot see.
  const relative = absolutePathError(path, 'path');
  if (relative) throw new DatasetFolderError(relative);
  let real: string;
  try {
    real = realpathSync(path);
    if (!statSync(real).isDirectory()) throw new Error('it is not a folder');
  } catch (error) {
    throw new DatasetFolderError(userPathError('register', path, 'path', error));
  }
  const reason = systemFolderReason(real, homedir());
  if (reason) {
    throw new DatasetFolderError(
      contractError('invalid_payload', systemFolderRefusal(path, real, reason), [
        { path: 'path', message: 'a system folder cannot be a dataset' },
      ]),
    );
  }
  return real;
}

function readRegistryFile(
  file: string,
  now: () => Date,
  notice: (sentence: string) => void,
): RegisteredDataset[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as Partial<RegistryFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.datasets)) throw new Error('unknown layout');
    return parsed.datasets
      .filter(
        (d): d is RegisteredDataset =>
          typeof d.id === 'string' && typeof d.path === 'string' && typeof d.name === 'string',
      )
      .map((d) => ({
        ...d,
        captionExtension: typeof d.captionExtension === 'string' ? d.captionExtension : '.txt',
      }));
  } catch {
    // Kept aside, never overwritten: the user may want the folders listed in it.
    const aside = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    notice(`The list of datasets could not be read; it was kept as ${aside} and a new one started.`);
    return [];
  }
}
