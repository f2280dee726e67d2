import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildChildEnvironment } from './child-environment';
import { formatCommandFile, shellQuote } from './command-file';
import { allocatePort } from './port-allocation';
import {
  buildDiffusionPipeArgv,
  buildGenericArgv,
  buildSdScriptsArgv,
  splitShellWords,
} from './trainer-argv';
import { buildWrapperArgv, wrapperEnvironment } from './wrapper-argv';

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

  it('fills the generic template per word, with GPU ids as the child sees them', () => {
    const argv = buildGenericArgv({
      template: `{python} -m trainer --config "{config}" --out={run_dir}/out --port {port} --gpus {num_gpus} --ids '{gpu_ids}'`,
      python: '/v/bin/python',
      config: '/my configs/a b.yaml',
      runDir: '/runs/j3',
      port: 29633,
      gpuCount: 2,
    });
    expect(argv).toEqual([
      '/v/bin/python',
      '-m',
      'trainer',
      '--config',
      '/my configs/a b.yaml',
      '--out=/runs/j3/out',
      '--port',
      '29633',
      '--gpus',
      '2',
      '--ids',
      '0,1',
    ]);
    expect(() =>
      buildGenericArgv({
        template: '{python} {cuda}',
        python: 'p',
        config: 'c',
        runDir: 'r',
        port: 1,
        gpuCount: 1,
      }),
    ).toThrow(/\{cuda\}/);
    expect(() => splitShellWords('a "b')).toThrow(/unclosed quote/);
    expect(splitShellWords(`a\\ b 'c d' "e\\"f" ''`)).toEqual(['a b', 'c d', 'e"f', '']);
  });
});

describe('the child environment and command.txt', () => {
  const child = buildChildEnvironment({
    base: {
      PATH: '/usr/bin',
      PYTHONPATH: '/user/lib',
      MASTER_PORT: '29500',
      CUDA_VISIBLE_DEVICES: '0,1,2,3',
    },
    installEnv: { NCCL_P2P_DISABLE: '1', CUDA_VISIBLE_DEVICES: '7' },
    gpuIndices: [2],
    port: 29644,
    jobId: 'job-42',
    hookDir: '/data/python-bridge/0.1.0/hook',
  });

  it("keeps the user's environment, adds the install's, and sets ours last so they win", () => {
    expect(child.env).toMatchObject({
      PATH: '/usr/bin',
      NCCL_P2P_DISABLE: '1',
      CUDA_VISIBLE_DEVICES: '2',
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: '29644',
      PYTHONUNBUFFERED: '1',
      COLUMNS: '250',
      DPGUI_JOB_ID: 'job-42',
      PYTHONPATH: '/data/python-bridge/0.1.0/hook:/user/lib',
    });
    expect(child.set.map(([key]) => key)).toEqual([
      'NCCL_P2P_DISABLE',
      'CUDA_VISIBLE_DEVICES',
      'CUDA_DEVICE_ORDER',
      'MASTER_ADDR',
      'MASTER_PORT',
      'PYTHONUNBUFFERED',
      'COLUMNS',
      'DPGUI_JOB_ID',
      'PYTHONPATH',
    ]);
  });

  it('writes a command.txt that a shell runs back to the same argv, environment and folder', () => {
    const argv = [
      '/venv/bin/python',
      '-c',
      'import os, sys; print(os.getcwd()); print(os.environ["MASTER_PORT"]); print(sys.argv[1:])',
      "it's",
      'a b',
      '$HOME',
    ];
    const text = formatCommandFile({
      jobId: 'job-42',
      cwd: '/tmp',
      set: child.set,
      argv: ['python3', ...argv.slice(1)],
    });
    const out = execFileSync('sh', ['-c', text], { encoding: 'utf8' });
    expect(out).toBe(`/tmp\n29644\n["it's", 'a b', '$HOME']\n`);
    expect(shellQuote('plain-word_1.0/x')).toBe('plain-word_1.0/x');
    expect(shellQuote('')).toBe("''");
  });

  it('starts the trainer under the python-bridge wrapper with python-bridge importable', () => {
    expect(
      buildWrapperArgv({
        python: '/v/python',
        runDir: '/runs/j',
        jobId: 'j',
        graceSeconds: 15,
        watch: ['/out/a', '/out/b'],
        cwd: '/sds',
        argv: ['x', '--y'],
      }),
    ).toEqual([
      '/v/python',
      '-m',
      'dpgui_bridge',
      'launch',
      '--run-dir',
      '/runs/j',
      '--job-id',
      'j',
      '--grace',
      '15',
      '--watch',
      '/out/a',
      '--watch',
      '/out/b',
      '--cwd',
      '/sds',
      '--',
      'x',
      '--y',
    ]);
    const wrapperEnv = wrapperEnvironment(child.env, '/data/python-bridge/0.1.0');
    expect(wrapperEnv.PYTHONPATH).toBe('/data/python-bridge/0.1.0:/data/python-bridge/0.1.0/hook:/user/lib');
    // The wrapper tags the trainer; it is not tagged itself.
    expect(child.env.DPGUI_JOB_ID).toBeDefined();
    expect(wrapperEnv.DPGUI_JOB_ID).toBeUndefined();
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
