/**
 * python-bridge runs from a copy in the data folder (`<dataDir>/python-bridge/<version>-<hash>/`), not
 * from the app: an app update or an unmounted AppImage never pulls it from under a running training,
 * and a training re-adopted later still finds the exact files it started with. The folder name carries
 * a hash of the package's files, so a changed bridge gets a new folder and old ones stay for the
 * trainings that use them.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';

export interface BridgeCopy {
  /** Put on PYTHONPATH to import dpgui_bridge. */
  bridgeDir: string;
  /** The hook's folder (first on the trainer's PYTHONPATH). */
  hookDir: string;
}

function packageFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name === '__pycache__' || name.endsWith('.pyc')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  return files;
}

export function ensureBridgeCopy(sourceDir: string, dataDir: string): BridgeCopy {
  const pkg = join(sourceDir, 'dpgui_bridge');
  const hash = createHash('sha256');
  for (const file of packageFiles(pkg)) {
    hash.update(relative(pkg, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  const version =
    /BRIDGE_VERSION = "([^"]+)"/.exec(readFileSync(join(pkg, '__init__.py'), 'utf8'))?.[1] ?? '0';
  const root = join(dataDir, 'python-bridge');
  const target = join(root, `${version}-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(target)) {
    mkdirSync(root, { recursive: true });
    // Copied beside, then renamed: a crash mid-copy never leaves a half folder under the final name.
    const temp = `${target}.tmp-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    try {
      cpSync(pkg, join(temp, 'dpgui_bridge'), {
        recursive: true,
        filter: (src) => !src.includes('__pycache__') && !src.endsWith('.pyc'),
      });
    } catch (error) {
      // A full disk: no half copy is left behind to take the little space there is.
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    try {
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      // Another host made the same copy first: that one is as good.
      if (!existsSync(target)) throw error;
    }
  }
  return { bridgeDir: target, hookDir: join(target, 'dpgui_bridge', 'hook') };
}
