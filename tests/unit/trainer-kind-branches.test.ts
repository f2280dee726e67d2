/**
 * Everything that differs by trainer kind lives in src/main/core/trainers/<kind>/ behind one runtime
 * (decisions.md, "Trainer runtimes"): the rest of the core never compares a trainer kind with a literal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainerKinds } from '../../src/shared/contract/trainer-kinds';

const root = join(import.meta.dirname, '..', '..');
const core = join(root, 'src', 'main', 'core');
const trainersFolder = join(core, 'trainers');

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `x === 'kind'`, `'kind' !== x`, `x == "kind"`, `case 'kind':` — any quote, across line breaks. */
function comparisonPattern(kinds: readonly string[]): RegExp {
  const kind = `(?:${kinds.map(escape).join('|')})`;
  const literal = `(?:'${kind}'|"${kind}"|\`${kind}\`)`;
  const operator = '(?:[!=]==?)';
  return new RegExp(`${operator}\\s*${literal}|${literal}\\s*${operator}|\\bcase\\s+${literal}\\s*:`, 'g');
}

/** The 1-based lines of `source` that compare a trainer kind with a literal. */
function kindComparisons(source: string, kinds: readonly string[]): number[] {
  const lines: number[] = [];
  for (const match of source.matchAll(comparisonPattern(kinds))) {
    const line = source.slice(0, match.index).split('\n').length;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

function coreSources(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (path !== trainersFolder) files.push(...coreSources(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      files.push(path);
    }
  }
  return files;
}

describe('trainer kinds outside src/main/core/trainers/', () => {
  it('are never compared with a literal in the core', () => {
    const sources = coreSources(core);
    expect(sources.length).toBeGreaterThan(50);
    const found = sources.flatMap((path) =>
      kindComparisons(readFileSync(path, 'utf8'), trainerKinds).map(
        (line) => `${relative(root, path).split(sep).join('/')}:${line}`,
      ),
    );
    expect(found, 'ask trainerRuntime(kind) (src/main/core/trainers/) instead').toEqual([]);
  });

  it('finds every form of such a comparison (a planted one fails the check above)', () => {
    const planted = [
      "if (job.trainer === 'sd-scripts') return;", // 1
      'if (kind !== "diffusion-pipe") return;', // 2
      "if ('generic' === trainer) return;", // 3
      'const saveQuit =', // 4
      '  job.trainer ==', // 5: the operator's line
      "    'diffusion-pipe' && done;", // 6
      'switch (kind) {', // 7
      "  case 'generic':", // 8
      '  case `sd-scripts` :', // 9
      '}', // 10
      'if ("sd-scripts" != job.trainer || x == \'diffusion-pipe\') return;', // 11
    ].join('\n');
    expect(kindComparisons(planted, trainerKinds)).toEqual([1, 2, 3, 5, 8, 9, 11]);
  });

  it('leaves alone what is not a comparison of a trainer kind', () => {
    const fine = [
      "const installs = { 'sd-scripts': 1, 'diffusion-pipe': 2, generic: 3 };",
      "log('sd-scripts cannot save on request');",
      "if (change.kind === 'job') return;",
      "if (typeof v.trainer === 'string') return;",
      "if (trainer === 'sd-scripts-extra') return;",
      "trainerRuntime('generic');",
    ].join('\n');
    expect(kindComparisons(fine, trainerKinds)).toEqual([]);
  });
});
