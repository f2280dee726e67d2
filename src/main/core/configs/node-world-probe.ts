/** The real file system as a WorldProbe, for validation in the main process. */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { WorldProbe } from '../../../shared/trainers/common';

export function createNodeWorldProbe(): WorldProbe {
  return {
    stat(path) {
      try {
        const stats = statSync(path, { throwIfNoEntry: false });
        if (!stats) return { kind: 'missing' };
        return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'other' };
      } catch {
        return { kind: 'missing' };
      }
    },
    listDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return null;
      }
    },
    canWriteIn(path) {
      // A folder that does not exist yet is made by the trainer: its nearest existing parent decides.
      let current = resolve(path);
      for (;;) {
        const stats = statSync(current, { throwIfNoEntry: false });
        if (stats) {
          if (!stats.isDirectory()) return false;
          try {
            accessSync(current, constants.W_OK | constants.X_OK);
            return true;
          } catch {
            return false;
          }
        }
        const parent = dirname(current);
        if (parent === current) return false;
        current = parent;
      }
    },
  };
}
