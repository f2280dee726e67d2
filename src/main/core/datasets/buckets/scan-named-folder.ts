/**
 * A folder a config names, scanned for its bucket preview: the last scan of the registered dataset
 * that holds it (when made with the same caption extension), else a scan of its own into DPGui's cache
 * (`cache/datasets/config-preview/<id>.json`, so a second preview reads only what changed). Nothing is
 * registered. A folder that cannot be scanned answers with its problem, in words, never a throw.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describeIoError } from '../../fs/describe-io-error';
import type { ConfigFolder, ConfigFolderScan } from '../../trainers/runtime';
import { datasetIdOf } from '../registry/dataset-registry';
import { systemFolderReason } from '../registry/system-folders';
import { runScan } from '../scan/run-scan';
import type { ScanLimits, ScanRecord } from '../scan/scan-record';

export interface NamedFolderDeps {
  /** The datasets' cache folder (`<dataDir>/cache/datasets`). */
  cacheDir: string;
  home: string;
  limits: ScanLimits;
  now: () => Date;
  log: (line: string) => void;
  /** The last scan of the registered dataset with this id; undefined where none is held. */
  registeredScan: (id: string) => ScanRecord | undefined;
}

function problemOf(folder: ConfigFolder, problem: string): ConfigFolderScan {
  return { ...folder, files: null, problem, datasetId: null, scannedAt: null };
}

export async function scanNamedFolder(
  deps: NamedFolderDeps,
  folder: ConfigFolder,
): Promise<ConfigFolderScan> {
  if (folder.path === '')
    return problemOf(folder, 'No folder is set: choose the folder that holds the images.');
  if (!isAbsolute(folder.path))
    return problemOf(folder, `${folder.path} is not an absolute path: give the full path of the folder.`);
  let real: string;
  try {
    real = realpathSync(folder.path);
    if (!statSync(real).isDirectory()) return problemOf(folder, `${folder.path} is not a folder.`);
  } catch (error) {
    return problemOf(folder, `${folder.path} cannot be read: ${describeIoError(error)}.`);
  }
  const systemReason = systemFolderReason(real, deps.home);
  if (systemReason)
    return problemOf(
      folder,
      `${folder.path} is not scanned: ${systemReason}. Name the folder that holds the images.`,
    );
  const id = datasetIdOf(real);
  const held = deps.registeredScan(id);
  if (held && held.datasetPath === real && held.captionExtension === folder.captionExtension) {
    return { ...folder, files: held.files, problem: null, datasetId: id, scannedAt: held.summary.scannedAt };
  }
  try {
    const record = await runScan(
      {
        datasetPath: real,
        captionExtension: folder.captionExtension,
        cacheFile: join(deps.cacheDir, 'config-preview', `${id}.json`),
        full: false,
        now: deps.now().toISOString(),
        limits: deps.limits,
        home: deps.home,
      },
      () => {},
      deps.log,
    ).result;
    return {
      ...folder,
      files: record.files,
      problem: null,
      datasetId: held ? id : null,
      scannedAt: record.summary.scannedAt,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problemOf(folder, `${folder.path} could not be scanned: ${reason.replace(/\.$/, '')}.`);
  }
}
