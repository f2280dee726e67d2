/**
 * The trainer's environment: the user's own (their venv activation and CUDA paths live there), then
 * the install's extras (NCCL_P2P_DISABLE, HF_HOME, …), then ours, which always win.
 */
import { delimiter } from 'node:path';

export interface ChildEnvironmentInput {
  base: Readonly<Record<string, string | undefined>>;
  installEnv: Readonly<Record<string, string>>;
  /** Physical GPU indices; empty hides every GPU (a CPU job). */
  gpuIndices: readonly number[];
  port: number;
  jobId: string;
  /** python-bridge's hook folder, first on PYTHONPATH. */
  hookDir: string;
}

export interface ChildEnvironment {
  env: Record<string, string>;
  /** What we set on top of the user's environment, in order: what command.txt shows. */
  set: [string, string][];
}

export function buildChildEnvironment(input: ChildEnvironmentInput): ChildEnvironment {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.base)) if (value !== undefined) env[key] = value;
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
  put('DPGUI_JOB_ID', input.jobId);
  put('PYTHONPATH', existingPath ? `${input.hookDir}${delimiter}${existingPath}` : input.hookDir);
  return { env, set };
}
