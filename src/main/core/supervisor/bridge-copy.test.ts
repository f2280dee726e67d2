import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { ensureBridgeCopy } from './bridge-copy';

const tempDir = useTempDirs();

describe("python-bridge's copy in the data folder", () => {
  it('runs from the copy, keeps it when the app changes, and makes a new one for a changed bridge', () => {
    const source = tempDir();
    cpSync(resolve('python-bridge/dpgui_bridge'), join(source, 'dpgui_bridge'), { recursive: true });
    const dataDir = tempDir();
    const first = ensureBridgeCopy(source, dataDir);
    expect(existsSync(join(first.hookDir, 'sitecustomize.py'))).toBe(true);
    expect(ensureBridgeCopy(source, dataDir)).toEqual(first);
    const imported = execFileSync(
      'python3',
      ['-c', 'import dpgui_bridge, sys; print(dpgui_bridge.__file__)'],
      {
        env: { ...process.env, PYTHONPATH: first.bridgeDir },
        encoding: 'utf8',
      },
    );
    expect(imported.trim().startsWith(first.bridgeDir)).toBe(true);

    writeFileSync(join(source, 'dpgui_bridge', 'extra.py'), '# changed\n');
    const second = ensureBridgeCopy(source, dataDir);
    expect(second.bridgeDir).not.toBe(first.bridgeDir);
    // The copy a running training uses stays where it is.
    expect(existsSync(first.bridgeDir)).toBe(true);
    expect(readdirSync(join(dataDir, 'python-bridge'))).toHaveLength(2);
  });
});
