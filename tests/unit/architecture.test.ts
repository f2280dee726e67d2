// The layering is written as lint rules (eslint.config.js); these tests prove the rules bite, by
// linting planted violations at real paths, and that the tree as it stands keeps Electron in its folder.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// Planted files do not exist on disk, so type-aware rules are switched off for them; the import rules
// under test come from the project's own config.
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** Messages of the import-cycle rule for a file that is on disk (the rule follows imports through files). */
async function cycleErrors(path: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([path]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => m.message);
}

describe('architecture rules', () => {
  it('let only the preload and the Electron host import electron', async () => {
    const source = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await importErrors('src/main/hosts/electron/planted.ts', source)).toEqual([]);
    expect(await importErrors('src/preload/planted.ts', source)).toEqual([]);
    for (const path of [
      'src/main/core/planted.ts',
      'src/main/core/queue/planted.ts',
      'src/main/hosts/headless/planted.ts',
      'src/shared/planted.ts',
      'src/renderer/src/planted.ts',
      'tests/planted.ts',
    ]) {
      const errors = await importErrors(path, source);
      expect(errors, path).toHaveLength(1);
      expect(errors[0]).toContain('Only src/preload/ and src/main/hosts/electron/ may import electron');
    }
    expect(await importErrors('src/main/core/planted.ts', "import 'electron/main';\n")).toHaveLength(1);
  });

  it('keep the core unaware of its hosts and the renderer away from Node and main', async () => {
    expect(
      await importErrors('src/main/core/planted.ts', "import { x } from '../hosts/headless/cli';\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('src/renderer/src/planted.ts', "import { x } from '../../main/core/app-core';\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('src/renderer/src/planted.ts', "import { readFileSync } from 'node:fs';\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('src/shared/contract/planted.ts', "import { join } from 'node:path';\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('src/shared/planted.ts', "import { x } from '../main/core/app-core';\n"),
    ).toHaveLength(1);
    expect(
      await importErrors(
        'src/main/hosts/headless/planted.ts',
        "import { x } from '../electron/ipc-router';\n",
      ),
    ).toHaveLength(1);
    expect(
      await importErrors('src/main/hosts/headless/planted.ts', "import { x } from '../../core/app-core';\n"),
    ).toEqual([]);
    expect(
      await importErrors('src/renderer/src/planted.ts', "import { x } from '../../shared/contract';\n"),
    ).toEqual([]);
  });

  it('fail on an import cycle in src/', async () => {
    // Real files (the rule reads what they import), in a folder of their own, removed whatever happens.
    const dir = join(root, 'src', 'main', 'core', `planted-cycle-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir);
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = (): number => a() - 1;\n");
      // c uses the loop without being part of it.
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport const c = (): number => a();\n");
      for (const file of ['a.ts', 'b.ts']) {
        const errors = await cycleErrors(join(dir, file));
        expect(errors, file).toHaveLength(1);
        expect(errors[0]).toMatch(/^Dependency cycle/);
      }
      expect(await cycleErrors(join(dir, 'c.ts'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('find no electron import outside the two Electron folders in the tree as it is', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith('src/preload/') && !file.startsWith('src/main/hosts/electron/'))
      .filter((file) =>
        /from\s+['"]electron(\/[^'"]*)?['"]|require\(\s*['"]electron|import\(\s*['"]electron/.test(
          readFileSync(join(root, file), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}
