/** The kept key of `dpgui serve`: `serve-key` in the data folder, readable by its owner only. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyStore } from './serve-token';

export const serveKeyFileName = 'serve-key';

export function serveKeyFile(dataDir: string): KeyStore {
  const path = join(dataDir, serveKeyFileName);
  return {
    read() {
      try {
        return readFileSync(path, 'utf8').trim();
      } catch {
        return null;
      }
    },
    write(key) {
      writeFileSync(path, `${key}\n`, { mode: 0o600 });
      // An older file keeps its mode through writeFileSync: made the owner's alone in any case.
      chmodSync(path, 0o600);
    },
  };
}
