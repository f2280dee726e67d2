/**
 * sd-scripts' command line (accelerate's launcher), as a pure function. Every GPU and port choice is on the
 * command line, so nothing the user left behind (accelerate's default_config.yaml, a MASTER_PORT in
 * the shell) can override it. GPU ids here are the physical indices in PCI bus order, the same list
 * as the child's CUDA_VISIBLE_DEVICES (accelerate and DeepSpeed's runner both set
 * CUDA_VISIBLE_DEVICES from them again, so any other numbering would remap the GPUs twice).
 */

export type MixedPrecision = 'no' | 'fp16' | 'bf16' | 'fp8';

export interface SdScriptsLaunch {
  python: string;
  /** train_network.py, sdxl_train_network.py, flux_train_network.py, … (inside the sd-scripts folder). */
  script: string;
  scriptArgs: readonly string[];
  gpuIndices: readonly number[];
  port: number;
  mixedPrecision: MixedPrecision;
  cpuThreadsPerProcess: number;
}

export function buildSdScriptsArgv(launch: SdScriptsLaunch): string[] {
  const processes = Math.max(1, launch.gpuIndices.length);
  return [
    launch.python,
    '-m',
    'accelerate.commands.launch',
    '--num_processes',
    String(processes),
    '--num_machines',
    '1',
    ...(launch.gpuIndices.length > 0 ? ['--gpu_ids', launch.gpuIndices.join(',')] : ['--cpu']),
    ...(processes > 1 ? ['--multi_gpu'] : []),
    '--main_process_port',
    String(launch.port),
    '--mixed_precision',
    launch.mixedPrecision,
    '--dynamo_backend',
    'no',
    '--num_cpu_threads_per_process',
    String(launch.cpuThreadsPerProcess),
    launch.script,
    ...launch.scriptArgs,
  ];
}
