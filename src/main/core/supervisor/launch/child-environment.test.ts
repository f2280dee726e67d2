import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildChildEnvironment, trainerPythonPath } from './child-environment';
import { formatCommandFile, shellQuote } from './command-file';
import { buildWrapperArgv, wrapperEnvironment, wrapperStdin } from './wrapper-argv';

describe('the child environment and command.txt', () => {
  const child = buildChildEnvironment({
    base: {
      PATH: '/usr/bin',
      PYTHONPATH: '/user/lib::/user/other:/user/lib',
      MASTER_PORT: '29500',
      CUDA_VISIBLE_DEVICES: '0,1,2,3',
      DPGUI_JOB_ID: 'left-over-from-somewhere',
    },
    installEnv: { NCCL_P2P_DISABLE: '1', CUDA_VISIBLE_DEVICES: '7' },
    gpuIndices: [2],
    port: 29644,
    jobId: 'job-42',
    runDir: '/data/runs/job-42',
    hookDir: '/data/python-bridge/0.1.0/dpgui_bridge/hook',
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
      DPGUI_EVENTS_FILE: '/data/runs/job-42/events.jsonl',
      // The hook once, first; the user's entries after it, each once.
      PYTHONPATH: '/data/python-bridge/0.1.0/dpgui_bridge/hook:/user/lib:/user/other',
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
      'DPGUI_EVENTS_FILE',
      'PYTHONPATH',
    ]);
    // The trainer's environment is exactly the user's, then what we set: nothing else.
    expect(child.env).toEqual({ ...child.inherited, ...Object.fromEntries(child.set) });
    expect(child.inherited.MASTER_PORT).toBe('29500');
  });

  it('puts our folders first on PYTHONPATH once, also when the user already had them', () => {
    expect(trainerPythonPath(['/hook'], undefined)).toBe('/hook');
    expect(trainerPythonPath(['/hook'], '')).toBe('/hook');
    expect(trainerPythonPath(['/hook'], '/a:/hook:/b:/a')).toBe('/hook:/a:/b');
    expect(trainerPythonPath([], '/a')).toBe('/a');
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

  it('starts the wrapper untagged with only python-bridge on its path, and gives it what command.txt exports', () => {
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
      '--env-from-stdin',
      '--',
      'x',
      '--y',
    ]);
    const wrapperEnv = wrapperEnvironment(child, '/data/python-bridge/0.1.0');
    expect(wrapperEnv.PYTHONPATH).toBe('/data/python-bridge/0.1.0');
    expect(wrapperEnv.PATH).toBe('/usr/bin');
    // The trainer is tagged by what the wrapper is given; the wrapper itself is not, nor does the hook load in it.
    expect(wrapperEnv.DPGUI_JOB_ID).toBeUndefined();
    expect(wrapperEnv.DPGUI_EVENTS_FILE).toBeUndefined();
    // The wrapper's environment, then what it is given, is the trainer's.
    expect({ ...wrapperEnv, ...(JSON.parse(wrapperStdin(child)) as Record<string, string>) }).toEqual(
      child.env,
    );
  });
});
