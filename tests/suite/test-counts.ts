/**
 * Reads what each of `npm test`'s runners printed and counts its tests, so the whole run can end on one
 * line a person (or CI) reads: `tests: N passed, N failed`. Pure: output text in, counts out.
 */

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export type RunnerKind = 'vitest' | 'unittest' | 'playwright' | 'fuzz';

// eslint-disable-next-line no-control-regex -- colour codes are what this strips
const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g;

const none = (): TestCounts => ({ passed: 0, failed: 0, skipped: 0 });

/** The number before `word` in `text` (`12 passed` → 12), or 0. */
function countBefore(text: string, word: string): number {
  const match = new RegExp(`(\\d+) ${word}\\b`).exec(text);
  return match ? Number(match[1]) : 0;
}

/** The number after `key=` in unittest's `FAILED (failures=1, errors=2)` or `OK (skipped=3)`. */
function countAfter(text: string, key: string): number {
  const match = new RegExp(`\\b${key}=(\\d+)`).exec(text);
  return match ? Number(match[1]) : 0;
}

/** The last line of `lines` that matches, or undefined. */
function lastMatching(lines: string[], pattern: RegExp): string | undefined {
  return lines.findLast((line) => pattern.test(line));
}

/**
 * The counts a runner reported, or null when its output holds no summary at all (it crashed before one,
 * or was skipped): the caller says so instead of counting nothing as success.
 */
export function countTests(kind: RunnerKind, output: string): TestCounts | null {
  const lines = output.replace(ansi, '').split(/\r?\n/);
  switch (kind) {
    case 'vitest': {
      // `      Tests  2 failed | 569 passed | 3 skipped (574)` — not `Test Files`.
      const line = lastMatching(lines, /^\s*Tests\s+\d+/);
      if (!line) return null;
      return {
        passed: countBefore(line, 'passed'),
        failed: countBefore(line, 'failed'),
        skipped: countBefore(line, 'skipped') + countBefore(line, 'todo'),
      };
    }
    case 'unittest': {
      // `Ran 86 tests in 18.9s`, then `OK`, `OK (skipped=2)` or `FAILED (failures=1, errors=1)`.
      const ran = lastMatching(lines, /^Ran \d+ tests? in /);
      const verdict = lastMatching(lines, /^(OK|FAILED)\b/);
      if (!ran || !verdict) return null;
      const total = Number(/^Ran (\d+)/.exec(ran)?.[1] ?? 0);
      const failed = countAfter(verdict, 'failures') + countAfter(verdict, 'errors');
      const skipped = countAfter(verdict, 'skipped') + countAfter(verdict, 'expected failures');
      return { passed: total - failed - skipped, failed, skipped };
    }
    case 'playwright': {
      // Its closing block: `  11 passed (13.7s)`, `  1 failed`, `  2 flaky`, `  3 skipped`, each alone.
      const counts = none();
      let found = false;
      for (const line of lines) {
        const match = /^\s+(\d+) (passed|failed|flaky|skipped|did not run|interrupted)\b/.exec(line);
        if (!match) continue;
        found = true;
        const n = Number(match[1]);
        if (match[2] === 'passed') counts.passed += n;
        else if (match[2] === 'skipped' || match[2] === 'did not run') counts.skipped += n;
        else counts.failed += n; // a flaky test failed once: a person wants to hear of it
      }
      return found ? counts : null;
    }
    case 'fuzz': {
      const line = lastMatching(lines, /^fuzz: \d+ passed, \d+ failed$/);
      if (!line) return null;
      return { passed: countBefore(line, 'passed'), failed: countBefore(line, 'failed'), skipped: 0 };
    }
  }
}

/** Adds the runners' counts up; a runner that reported nothing adds nothing. */
export function addCounts(all: (TestCounts | null)[]): TestCounts {
  const total = none();
  for (const counts of all) {
    if (!counts) continue;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  return total;
}

/** The closing line: the plain form every CI and person reads, `tests: N passed, N failed[, N skipped]`. */
export function closingLine(total: TestCounts): string {
  const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
  return `tests: ${total.passed} passed, ${total.failed} failed${skipped}`;
}

/**
 * Schemathesis ends like pytest (`=== 2 warnings in 26.49s ===`), a line that reads as a pytest run of no
 * test. Its banners become plain lines; everything else passes unchanged.
 */
export function unbanner(line: string): string {
  const match = /^=+ (.+?) =+$/.exec(line);
  return match ? `schemathesis: ${match[1]}` : line;
}
