/**
 * `npm test`: every check in order — lint and format, types, build, unit and integration tests,
 * python-bridge's suite, the browser tests, the API fuzz run — stopping at the first that fails, and
 * closing on one line with the tests counted across all runners.
 */
import { spawn } from 'node:child_process';
import { addCounts, closingLine, countTests, type RunnerKind, type TestCounts } from './test-counts';

interface Step {
  /** What the summary calls it: the npm script, or the command. */
  name: string;
  /** Run as given; npm puts node_modules/.bin on PATH for `npm test`. */
  command: [string, ...string[]];
  /** The runner whose summary this step prints; absent for checks that count no tests. */
  runner?: RunnerKind;
  /** What a missing summary means when the step still succeeded, e.g. the fuzz run was skipped. */
  quietMeans?: string;
}

const steps: Step[] = [
  npmScript('lint'),
  npmScript('typecheck'),
  npmScript('build'),
  npmScript('test:unit', 'vitest'),
  npmScript('test:python', 'unittest'),
  npmScript('test:e2e', 'playwright'),
  {
    // test:fuzz without its build (done above); a machine that cannot make the venv skips it, saying why.
    name: 'test:fuzz',
    command: ['tsx', 'tests/fuzz/schemathesis.ts', '--skip-without-venv'],
    runner: 'fuzz',
    quietMeans: 'skipped (the reason is above)',
  },
];

function npmScript(script: string, runner?: RunnerKind): Step {
  return { name: script, command: [process.platform === 'win32' ? 'npm.cmd' : 'npm', 'run', script], runner };
}

/** Runs one step, showing its output as it comes and keeping it for the count. */
function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [bin, ...args] = step.command;
    const child = spawn(bin, args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const chunks: string[] = [];
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      if (step.runner) chunks.push(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => {
      process.stderr.write(d);
      if (step.runner) chunks.push(d.toString());
    });
    child.once('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), output: chunks.join('') }),
    );
  });
}

const counted: { name: string; counts: TestCounts | null; note?: string }[] = [];
let exitCode = 0;
for (const step of steps) {
  const { code, output } = await run(step);
  if (step.runner) {
    const counts = countTests(step.runner, output);
    // A runner that failed without a summary still failed: count it as one failure, never as none.
    const failedUncounted = code !== 0 && (!counts || counts.failed === 0);
    counted.push({
      name: step.name,
      counts: failedUncounted
        ? { passed: counts?.passed ?? 0, failed: 1, skipped: counts?.skipped ?? 0 }
        : counts,
      note: !counts && code === 0 ? step.quietMeans : undefined,
    });
  }
  if (code !== 0) {
    console.error(
      `\nnpm test: \`${step.command.join(' ')}\` failed (exit ${code}); the steps after it did not run.`,
    );
    exitCode = code;
    break;
  }
}

console.log('\nnpm test:');
for (const { name, counts, note } of counted) {
  const text = counts
    ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`
    : (note ?? 'no summary');
  console.log(`  ${name.padEnd(16)} ${text}`);
}
const total = addCounts(counted.map((c) => c.counts));
// A check that failed before any test ran (lint, types, the build) is a failure all the same.
if (exitCode !== 0 && total.failed === 0) total.failed = 1;
console.log(closingLine(total));
process.exit(exitCode);
