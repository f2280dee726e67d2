/**
 * The trainer's environment, built here and nowhere else: the user's own (their venv activation and
 * CUDA paths live there), then the install's extras (NCCL_P2P_DISABLE, HF_HOME, …), then ours, which
 * always win. What we set is what command.txt exports and what python-bridge's wrapper sets for the
 * trainer — the wrapper adds nothing of its own.
 */
import { delimiter, join } from 'node:path';

export interface ChildEnvironmentInput {
  base: Readonly<Record<string, string | undefined>>;
  installEnv: Readonly<Record<string, string>>;
  /** Physical GPU indices; empty hides every GPU (a CPU job). */
  gpuIndices: readonly number[];
  port: number;
  jobId: string;
  /** The run folder: python-bridge's progress hook writes its events.jsonl there. */
  runDir: string;
  /** python-bridge's hook folder, first on PYTHONPATH. */
  hookDir: string;
}

export interface ChildEnvironment {
  /** The user's environment (the app's own): the wrapper runs in it. */
  inherited: Record<string, string>;
  /** What we set on top of it, in order: what command.txt exports and the wrapper passes on. */
  set: [string, string][];
  /** The trainer's environment: `inherited`, then `set`. */
  env: Record<string, string>;
}

/** Our folders first, each once; then the user's entries in their order, each once (empty ones dropped). */
export function trainerPythonPath(ours: readonly string[], existing: string | undefined): string {
  const entries = [...ours, ...(existing ?? '').split(delimiter)].filter((entry) => entry !== '');
  return [...new Set(entries)].join(delimiter);
}

export function buildChildEnvironment(input: ChildEnvironmentInput): ChildEnvironment {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.base)) if (value !== undefined) inherited[key] = value;
  const env = { ...inherited };
  const set: [string, string][] = [];
  const put = (key: string, value: string): void => {
    env[key] = value;
    const at = set.findIndex(([name]) => name === key);
    if (at >= 0) set.splice(at, 1);
    set.push([key, value]);
  };
  for (const [key, value] of Object.entries(input.installEnv)) put(key, value);
  const existingPath = env.PYTHONPATH;
  put('CUDA_VISIBLE_DEVICES', input.gpuIndices.join(','));
  put('CUDA_DEVICE_ORDER', 'PCI_BUS_ID');
  put('MASTER_ADDR', '127.0.0.1');
  put('MASTER_PORT', String(input.port));
  put('PYTHONUNBUFFERED', '1');
  // Wide, so rich does not fold log lines at 80 columns when stderr is a pipe.
  put('COLUMNS', '250');
  // The tag the stop ladder finds every process of the tree by (its environment carries it).
  put('DPGUI_JOB_ID', input.jobId);
  put('DPGUI_EVENTS_FILE', join(input.runDir, 'events.jsonl'));
  // First on the path, so every Python process of the tree loads the hook's sitecustomize.
  put('PYTHONPATH', trainerPythonPath(input.hookDir === '' ? [] : [input.hookDir], existingPath));
  return { inherited, set, env };
}
