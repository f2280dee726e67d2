import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { findBridgeSource } from './bridge-source';

const tempDir = useTempDirs();
const repoBridge = resolve(import.meta.dirname, '../../../../python-bridge');

/** A folder that holds a python-bridge package. */
function bridgeFolder(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'dpgui_bridge'));
  writeFileSync(join(dir, 'dpgui_bridge', '__init__.py'), 'BRIDGE_VERSION = "test"\n');
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('where python-bridge is found', () => {
  it("takes the folder the host names before the sources', and DPGUI_PYTHON_BRIDGE before both", () => {
    vi.stubEnv('DPGUI_PYTHON_BRIDGE', '');
    const shipped = bridgeFolder();
    expect(findBridgeSource([shipped])).toBe(shipped);
    const chosen = bridgeFolder();
    vi.stubEnv('DPGUI_PYTHON_BRIDGE', chosen);
    expect(findBridgeSource([shipped])).toBe(chosen);
  });

  it("passes over a named folder without the package and finds the sources' python-bridge", () => {
    vi.stubEnv('DPGUI_PYTHON_BRIDGE', '');
    expect(findBridgeSource([tempDir()])).toBe(repoBridge);
    expect(findBridgeSource()).toBe(repoBridge);
  });
});
