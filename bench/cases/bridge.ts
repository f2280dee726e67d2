/**
 * The python-bridge's progress hook: a 1,000,000-iteration tight loop of real tqdm (installed in a
 * throwaway venv) with the hook installed vs without, runs interleaved; the median ratio, goal ≤ 1.05.
 * The loops and the venv are python-bridge's own (bench/hook_overhead.py, tests/support/tool_venv.py).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchCase, CaseResult } from '../harness';

const run = promisify(execFile);
const bridgeDir = join(import.meta.dirname, '..', '..', 'python-bridge');
const python = process.env['DPGUI_PYTHON'] ?? 'python3';

interface LoopResult {
  ratio_median: number;
  wall_ratio_median: number;
  plain_cpu_s_median: number;
  hooked_cpu_s_median: number;
}

interface HookOverhead {
  ratio_median: number;
  iterations: number;
  runs: number;
  update: LoopResult;
  iter: LoopResult;
  hook_reported: boolean;
}

async function toolVenvPython(): Promise<{ python?: string; error?: string }> {
  try {
    const { stdout } = await run(python, [join(bridgeDir, 'tests', 'support', 'tool_venv.py')], {
      timeout: 600_000,
    });
    return JSON.parse(stdout) as { python: string };
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    return stdout.startsWith('{') ? (JSON.parse(stdout) as { error: string }) : { error: String(error) };
  }
}

const hookOverhead: BenchCase = {
  name: 'bridge.hook_overhead',
  async run(): Promise<CaseResult> {
    const venv = await toolVenvPython();
    if (!venv.python)
      return { value: Number.NaN, unit: 'ratio', skipped: `no venv with real tqdm: ${venv.error}` };
    const { stdout } = await run(python, [join(bridgeDir, 'bench', 'hook_overhead.py'), venv.python], {
      timeout: 600_000,
    });
    const r = JSON.parse(stdout) as HookOverhead;
    if (!r.hook_reported) throw new Error('the hook wrote no progress events: it did not run');
    return {
      value: r.ratio_median,
      unit: 'ratio',
      goal: '<= 1.05',
      measure: 'process CPU time, hooked / plain',
      update_loop: r.update.ratio_median,
      iter_loop: r.iter.ratio_median,
      update_wall: r.update.wall_ratio_median,
      iter_wall: r.iter.wall_ratio_median,
      plain_update_s: r.update.plain_cpu_s_median,
      plain_iter_s: r.iter.plain_cpu_s_median,
      iterations: r.iterations,
      runs: r.runs,
    };
  },
};

export const bridgeCases: BenchCase[] = [hookOverhead];
