/**
 * `npm run bench`: runs every case, prints a table and writes bench/results.json as
 * {"<case>": {"value": <headline>, "unit": "<unit>", ...details, "recorded": {commit, node, cpu, …}}}.
 * Each figure carries the commit and machine that made it, so two runs (or a file merged from
 * several) can be told apart. Later issues add cases to `cases/`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export interface CaseResult {
  value: number;
  unit: string;
  [detail: string]: unknown;
}

export interface BenchCase {
  name: string;
  run: () => Promise<CaseResult>;
}

export interface RunRecord {
  /** `git rev-parse HEAD`, with "+changes" when the working tree differs from it. */
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  at: string;
}

/** Where a figure comes from: the commit, Node and the machine. */
export function describeRun(now: Date = new Date()): RunRecord {
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  const head = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no');
  const cores = cpus();
  return {
    commit: head === null ? 'unknown (not a git checkout)' : `${head}${dirty ? '+changes' : ''}`,
    node: process.version,
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    platform: `${process.platform} ${process.arch}`,
    at: now.toISOString(),
  };
}

export async function runBench(cases: readonly BenchCase[], only: string | undefined): Promise<void> {
  const results: Record<string, CaseResult> = {};
  const recorded = describeRun();
  for (const benchCase of cases) {
    if (only && !benchCase.name.startsWith(only)) continue;
    process.stderr.write(`running ${benchCase.name}…\n`);
    results[benchCase.name] = { ...(await benchCase.run()), recorded };
  }
  const rows = Object.entries(results).map(([name, r]) => [name, formatNumber(r.value), r.unit, details(r)]);
  const header = ['case', 'value', 'unit', 'details'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const file = join(import.meta.dirname, 'results.json');
  // A run of some cases keeps the results of the others from earlier runs.
  const earlier =
    only && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, CaseResult>) : {};
  writeFileSync(file, `${JSON.stringify({ ...earlier, ...results }, null, 2)}\n`);
  console.log(`\n${recorded.commit}, Node ${recorded.node}, ${recorded.cpu} × ${recorded.cores}`);
  console.log(`written to ${file}`);
}

function details(result: CaseResult): string {
  return Object.entries(result)
    .filter(([key, value]) => key !== 'value' && key !== 'unit' && typeof value !== 'object')
    .map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : String(value)}`)
    .join(' ');
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function summarize(samples: number[]): {
  median: number;
  p99: number;
  min: number;
  max: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}
