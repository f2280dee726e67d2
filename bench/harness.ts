/**
 * `npm run bench`: runs every case, prints a table and writes bench/results.json as
 * {"<case>": {"value": <headline>, "unit": "<unit>", ...details}}. Later issues add cases to `cases/`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

export async function runBench(cases: readonly BenchCase[], only: string | undefined): Promise<void> {
  const results: Record<string, CaseResult> = {};
  for (const benchCase of cases) {
    if (only && !benchCase.name.startsWith(only)) continue;
    process.stderr.write(`running ${benchCase.name}…\n`);
    results[benchCase.name] = await benchCase.run();
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
  console.log(`\nwritten to ${file}`);
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
