/** The remembered skip (this browser's localStorage; see first-start-model). */
import { firstStartSkippedKey } from './first-start-model';

export function firstStartSkipped(): boolean {
  try {
    return localStorage.getItem(firstStartSkippedKey) === '1';
  } catch {
    return false;
  }
}

export function rememberFirstStartSkipped(): void {
  try {
    localStorage.setItem(firstStartSkippedKey, '1');
  } catch {
    // Storage refused (private mode): the setup shows again next time, which is harmless.
  }
}
