import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocatePort } from './port-allocation';
import { buildDiffusionPipeArgv } from '../../trainers/diffusion-pipe/argv';
import { buildSdScriptsArgv } from '../../trainers/sd-scripts/argv';

describe('the trainer command lines', () => {
  it('puts every GPU and port choice on the accelerate command line', () => {
    const argv = buildSdScriptsArgv({
      python: '/venv/bin/python',
      script: 'train_network.py',
      scriptArgs: ['--config_file', '/runs/j1/config.toml'],
      gpuIndices: [2, 3],
      port: 29611,
      mixedPrecision: 'bf16',
      cpuThreadsPerProcess: 2,
    });
    expect(argv.join(' ')).toBe(
      '/venv/bin/python -m accelerate.commands.launch --num_processes 2 --num_machines 1 --gpu_ids 2,3 --multi_gpu ' +
        '--main_process_port 29611 --mixed_precision bf16 --dynamo_backend no --num_cpu_threads_per_process 2 ' +
        'train_network.py --config_file /runs/j1/config.toml',
    );
    const single = buildSdScriptsArgv({
      python: 'py',
      script: 's.py',
      scriptArgs: [],
      gpuIndices: [1],
      port: 29601,
      mixedPrecision: 'fp16',
      cpuThreadsPerProcess: 1,
    });
    expect(single).not.toContain('--multi_gpu');
    expect(single).toContain('--gpu_ids');
    const cpu = buildSdScriptsArgv({
      python: 'py',
      script: 's.py',
      scriptArgs: [],
      gpuIndices: [],
      port: 29601,
      mixedPrecision: 'no',
      cpuThreadsPerProcess: 2,
    });
    expect(cpu).toContain('--cpu');
    expect(cpu.slice(3, 5)).toEqual(['--num_processes', '1']);
  });

  it('gives diffusion-pipe --include and the same port to the launcher and to train.py, never --num_gpus', () => {
    const argv = buildDiffusionPipeArgv({
      python: '/dp/venv/bin/python',
      config: '/runs/j2/main.toml',
      gpuIndices: [1],
      port: 29622,
    });
    expect(argv).toEqual([
      '/dp/venv/bin/python',
      '-m',
      'deepspeed.launcher.runner',
      '--include',
      'localhost:1',
      '--master_port',
      '29622',
      'train.py',
      '--deepspeed',
      '--config',
      '/runs/j2/main.toml',
      '--master_port',
      '29622',
    ]);
    expect(argv.some((word) => word.startsWith('--num_gpus'))).toBe(false);
    expect(
      buildDiffusionPipeArgv({
        python: 'p',
        config: 'c',
        gpuIndices: [0, 1],
        port: 1,
        resumeFrom: '20250212_07-06-40',
      }).slice(-2),
    ).toEqual(['--resume_from_checkpoint', '20250212_07-06-40']);
    expect(() => buildDiffusionPipeArgv({ python: 'p', config: 'c', gpuIndices: [], port: 1 })).toThrow(
      /at least one GPU/,
    );
  });
});

describe('choosing a port', () => {
  const listen = (port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });

  it('never answers 29500 or a port recorded on an unfinished job, and answers one that is free', async () => {
    const held = await listen(0);
    const heldPort = (held.address() as { port: number }).port;
    try {
      // 29500 is never given, even when it is the only port asked for and it is free.
      expect(await allocatePort({ reserved: [], from: 29500, to: 29500 })).not.toBe(29500);
      const reserved = [29501, 29502, 29503];
      const port = await allocatePort({ reserved, from: 29500, to: 29504 });
      expect([29500, ...reserved]).not.toContain(port);
      // Nothing in the range: any free port, still none of the reserved.
      const fallback = await allocatePort({ reserved: [heldPort], from: heldPort, to: heldPort });
      expect(fallback).not.toBe(heldPort);
      const probe = await listen(fallback);
      await new Promise((resolve) => probe.close(resolve));
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});
