/**
 * Watches dataset folders while a view shows them: a lease (renewed by the view) keeps the watch, a
 * burst of changes becomes one call after it settles, and nobody watching means no watcher.
 */
import { watch, type FSWatcher } from 'node:fs';

interface Held {
  watcher: FSWatcher;
  settle: NodeJS.Timeout | null;
  lease: NodeJS.Timeout;
}

export function createFolderWatcher(
  onChange: (id: string) => void,
  log: (line: string) => void,
  settleMs = 300,
) {
  const held = new Map<string, Held>();
  const stop = (id: string): void => {
    const entry = held.get(id);
    if (!entry) return;
    entry.watcher.close();
    if (entry.settle) clearTimeout(entry.settle);
    clearTimeout(entry.lease);
    held.delete(id);
  };
  return {
    /** Watch `folder` for `seconds` more; 0 stops. Answers whether it is watched now. */
    watch(id: string, folder: string, seconds: number): boolean {
      if (seconds === 0) {
        stop(id);
        return false;
      }
      const lease = (): NodeJS.Timeout => setTimeout(() => stop(id), seconds * 1000).unref();
      const existing = held.get(id);
      if (existing) {
        clearTimeout(existing.lease);
        existing.lease = lease();
        return true;
      }
      let watcher: FSWatcher;
      try {
        watcher = watch(folder, { recursive: true });
      } catch (error) {
        log(`Watching ${folder} failed: ${String(error)}`);
        return false;
      }
      const entry: Held = { watcher, settle: null, lease: lease() };
      watcher.on('change', () => {
        // A copy of 100 files is 100 events: one call once they settle.
        if (entry.settle) clearTimeout(entry.settle);
        entry.settle = setTimeout(() => {
          entry.settle = null;
          onChange(id);
        }, settleMs);
      });
      watcher.on('error', () => stop(id));
      held.set(id, entry);
      return true;
    },
    stop,
    close(): void {
      for (const id of [...held.keys()]) stop(id);
    },
  };
}
