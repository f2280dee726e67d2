/**
 * diffusion-pipe's command line (DeepSpeed's runner), as a pure function. Every GPU and port choice is on the
 * command line, so nothing the user left behind (accelerate's default_config.yaml, a MASTER_PORT in
 * the shell) can override it. GPU ids here are the physical indices in PCI bus order, the same list
 * as the child's CUDA_VISIBLE_DEVICES (accelerate and DeepSpeed's runner both set
 * CUDA_VISIBLE_DEVICES from them again, so any other numbering would remap the GPUs twice).
 */

export interface DiffusionPipeLaunch {
  python: string;
  /** The main config TOML DPGui wrote for this job. */
  config: string;
  gpuIndices: readonly number[];
  port: number;
  /** Resume: true for the latest run folder in output_dir, or the name of one. */
  resumeFrom?: true | string;
  extraArgs?: readonly string[];
}

/**
 * `deepspeed --include localhost:<ids> --master_port P train.py --deepspeed --config F --master_port P`:
 * train.py overwrites MASTER_PORT with its own --master_port (default 29500), so the port is given to
 * both; never --num_gpus, which always means GPUs 0…N-1 and drops CUDA_VISIBLE_DEVICES.
 */
export function buildDiffusionPipeArgv(launch: DiffusionPipeLaunch): string[] {
  if (launch.gpuIndices.length === 0) throw new Error('diffusion-pipe needs at least one GPU.');
  const resume =
    launch.resumeFrom === undefined
      ? []
      : launch.resumeFrom === true
        ? ['--resume_from_checkpoint']
        : ['--resume_from_checkpoint', launch.resumeFrom];
  return [
    launch.python,
    '-m',
    'deepspeed.launcher.runner',
    '--include',
    `localhost:${launch.gpuIndices.join(',')}`,
    '--master_port',
    String(launch.port),
    'train.py',
    '--deepspeed',
    '--config',
    launch.config,
    '--master_port',
    String(launch.port),
    ...resume,
    ...(launch.extraArgs ?? []),
  ];
}
