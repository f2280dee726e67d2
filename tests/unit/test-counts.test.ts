import { describe, expect, it } from 'vitest';
import { addCounts, closingLine, countTests, unbanner } from '../suite/test-counts';

// Closing blocks as each runner prints them (vitest with its colours, as a terminal gets them).
const vitestGreen =
  ' \x1b[2m Test Files \x1b[22m \x1b[1m\x1b[32m60 passed\x1b[39m\x1b[22m\x1b[90m (60)\x1b[39m\n' +
  '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m571 passed\x1b[39m\x1b[22m\x1b[90m (571)\x1b[39m\n' +
  '\x1b[2m   Start at \x1b[22m 07:20:01\n';
const vitestRed =
  ' Test Files  1 failed | 59 passed (60)\n      Tests  2 failed | 566 passed | 3 skipped (571)\n';
const unittestGreen = 'test_a (t.T.test_a) ... ok\n\n' + '-'.repeat(70) + '\nRan 86 tests in 18.873s\n\nOK\n';
const unittestRed = 'Ran 86 tests in 18.873s\n\nFAILED (failures=1, errors=2, skipped=3)\n';
const playwrightRed =
  'Running 11 tests using 1 worker\n  ✓   1 a.spec.ts:29:1 › opens (1.2s)\n\n' +
  '  1 failed\n    a.spec.ts:54:1 › saves\n  1 flaky\n    a.spec.ts:81:1 › says\n  9 passed (13.7s)\n';

describe('counting what each runner printed', () => {
  it('reads vitest’s Tests line, not its Test Files line, through colour codes', () => {
    expect(countTests('vitest', vitestGreen)).toEqual({ passed: 571, failed: 0, skipped: 0 });
    expect(countTests('vitest', vitestRed)).toEqual({ passed: 566, failed: 2, skipped: 3 });
  });

  it('reads unittest’s Ran line and its verdict', () => {
    expect(countTests('unittest', unittestGreen)).toEqual({ passed: 86, failed: 0, skipped: 0 });
    expect(countTests('unittest', unittestRed)).toEqual({ passed: 80, failed: 3, skipped: 3 });
  });

  it('counts a flaky browser test as failed', () => {
    expect(countTests('playwright', playwrightRed)).toEqual({ passed: 9, failed: 2, skipped: 0 });
  });

  it('reads the fuzz run’s own closing line', () => {
    expect(countTests('fuzz', 'test:fuzz: ran\nfuzz: 4785 passed, 0 failed\n')).toEqual({
      passed: 4785,
      failed: 0,
      skipped: 0,
    });
  });

  it('gives null, not zero tests, when a runner printed no summary', () => {
    expect(countTests('vitest', 'Error: cannot find module\n')).toBeNull();
    expect(countTests('unittest', 'Ran 3 tests in 0.1s\n')).toBeNull();
    expect(countTests('fuzz', 'test:fuzz: skipped: no venv.\n')).toBeNull();
  });
});

describe('the closing line', () => {
  it('adds the runners up in the plain form, skipping those that reported nothing', () => {
    const total = addCounts([
      countTests('vitest', vitestRed),
      countTests('unittest', unittestGreen),
      null,
      countTests('fuzz', 'fuzz: 10 passed, 1 failed'),
    ]);
    expect(closingLine(total)).toBe('tests: 662 passed, 3 failed, 3 skipped');
    expect(closingLine(addCounts([countTests('unittest', unittestGreen)]))).toBe(
      'tests: 86 passed, 0 failed',
    );
  });

  it('turns Schemathesis’s pytest-like banners into plain lines and leaves the rest', () => {
    expect(unbanner('============================= 2 warnings in 26.49s =============================')).toBe(
      'schemathesis: 2 warnings in 26.49s',
    );
    expect(unbanner('=================================== SUMMARY ====================================')).toBe(
      'schemathesis: SUMMARY',
    );
    expect(unbanner('  4785 generated, 4785 passed, 44 skipped')).toBe(
      '  4785 generated, 4785 passed, 44 skipped',
    );
  });
});
