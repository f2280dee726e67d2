/**
 * Where the app's python-bridge is. The host knows where it ships it (Electron: its resources folder;
 * `dpgui serve`: beside its bundle) and says so; the core adds DPGUI_PYTHON_BRIDGE before and the
 * sources' folder after (development and tests).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBridgeCopy, type BridgeCopy } from './bridge-copy';

export interface BridgeLocation {
  /** The python-bridge folder to use, exactly (tests); default: findBridgeSource(bridgeSearchDirs). */
  bridgeSourceDir?: string;
  /** Where the host ships python-bridge, tried in this order. */
  bridgeSearchDirs?: readonly string[];
}

const bridgeMarker = join('dpgui_bridge', '__init__.py');

/**
 * DPGUI_PYTHON_BRIDGE, then the host's folders, then the folders above this module and the working
 * folder: the first that holds the package.
 */
export function findBridgeSource(hostDirs: readonly string[] = []): string | null {
  const candidates: string[] = [];
  if (process.env.DPGUI_PYTHON_BRIDGE) candidates.push(process.env.DPGUI_PYTHON_BRIDGE);
  candidates.push(...hostDirs);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    candidates.push(join(dir, 'python-bridge'));
    dir = dirname(dir);
  }
  candidates.push(join(process.cwd(), 'python-bridge'));
  return candidates.find((candidate) => existsSync(join(candidate, bridgeMarker))) ?? null;
}

/** The python-bridge folder to copy from, or null when the app has none. */
export function bridgeSourceOf(where: BridgeLocation): string | null {
  return where.bridgeSourceDir ?? findBridgeSource(where.bridgeSearchDirs);
}

/** python-bridge's copy in the data folder (made when missing), or null when the app has none. */
export function locateBridgeCopy(dataDir: string, where: BridgeLocation = {}): BridgeCopy | null {
  const source = bridgeSourceOf(where);
  return source ? ensureBridgeCopy(source, dataDir) : null;
}
