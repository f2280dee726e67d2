// The trainer's environment end to end through a real `dpgui serve` and the real python-bridge: the
// fake trainer dumps its whole environment (facts.json), and command.txt is run again by hand the way
// a user would (`sh command.txt`, here in an empty environment so only what it exports counts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/contract';
import {
  enqueue,
  fakePython,
  getJob,
  makeWorld,
  ok,
  sdJob,
  startHost,
  until,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

beforeAll(() => {
  // The fake interpreter's `#!/usr/bin/env python3` finds the real one, not a version manager's shim
  // (a shell script that sets variables of its own before it runs Python).
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  process.env.PATH = `${dirname(python.trim())}${delimiter}${process.env.PATH ?? ''}`;
});

/** A process's environment as it started (what it inherited), from /proc. */
function environOf(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const at = entry.indexOf('=');
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

const environSeen = (runDir: string): Record<string, string> =>
  (JSON.parse(readFileSync(join(runDir, 'facts.json'), 'utf8')) as { environ: Record<string, string> })
    .environ;

/**
 * Variables no one exported but every Python process may show: `sh` keeps PWD/OLDPWD after `cd`, and
 * Python itself sets LC_CTYPE when the locale is C (PEP 538) — in the trainer too, whoever starts it.
 */
const shellAndPython = ['PWD', 'OLDPWD', 'LC_CTYPE'];
/**
 * Set by the host process on itself after it started (so not in /proc/<pid>/environ), inherited by
 * the trainer as part of the user's environment: libvips (sharp) sets VIPSHOME; Python sets LC_CTYPE.
 */
const setInProcess = ['VIPSHOME', 'LC_CTYPE'];

describe("the trainer's environment", () => {
  it("has each of our folders once on PYTHONPATH, the user's after them, and is the user's plus exactly what command.txt exports", async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const dataDir = join(root, 'data');
    const userLib = join(root, 'user-lib');
    const userOther = join(root, 'user lib two');
    for (const folder of [userLib, userOther]) mkdirSync(folder);
    const host = await startHost(dataDir, {
      PYTHONPATH: [userLib, userOther, userLib].join(delimiter),
    });
    try {
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: {
            python: fakePython,
            folder: world.sdScripts,
            // Values a shell must read back unchanged: spaces, quotes, $, a newline.
            env: { HF_HOME: join(root, 'hf home'), ODD_VALUE: `it's "x" $HOME\nsecond line` },
          },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
      });
      const checkpoint = join(root, 'out', 'env', 'my_lora-step00000001.safetensors');
      const id = await enqueue(host, sdJob(root, world, 'env', ['--write', checkpoint, '--seconds', '0']));
      const job = await until(
        'the job to finish',
        async () => {
          const got = await getJob(host, id);
          return ['succeeded', 'failed', 'canceled', 'interrupted'].includes(got.status) ? got : null;
        },
        30_000,
      );
      expect(job, job.errorReason ?? '').toMatchObject({ status: 'succeeded' });
      const seen = environSeen(job.runDir);

      // Our folder (python-bridge's hook, in the data folder's copy) once and first; the user's once each.
      const path = (seen.PYTHONPATH ?? '').split(delimiter);
      expect(path.slice(1)).toEqual([userLib, userOther]);
      expect(path[0]?.startsWith(join(dataDir, 'python-bridge'))).toBe(true);
      expect(path[0]?.endsWith(join('dpgui_bridge', 'hook'))).toBe(true);

      // command.txt run again by hand, with nothing inherited: the trainer gets what it exports.
      const rerun = spawnSync('env', ['-i', 'sh', join(job.runDir, 'command.txt')], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(rerun.status, rerun.stderr).toBe(0);
      const exported = Object.fromEntries(
        Object.entries(environSeen(job.runDir)).filter(([key]) => !shellAndPython.includes(key)),
      );
      expect(Object.keys(exported)).toEqual(
        expect.arrayContaining([
          'CUDA_VISIBLE_DEVICES',
          'MASTER_PORT',
          'DPGUI_JOB_ID',
          'DPGUI_EVENTS_FILE',
          'PYTHONPATH',
          'HF_HOME',
          'ODD_VALUE',
        ]),
      );
      // Every variable command.txt records is what the trainer saw under DPGui …
      for (const [key, value] of Object.entries(exported)) expect(seen[key], key).toBe(value);
      // … and the trainer saw nothing else but what the user's environment (the host's) holds.
      const inherited = environOf(host.child.pid ?? 0);
      const expected: Record<string, string> = { ...inherited, ...exported };
      for (const key of setInProcess) {
        const value = seen[key];
        if (value !== undefined && expected[key] === undefined) expected[key] = value;
      }
      expect(seen).toEqual(expected);
      expect(seen.ODD_VALUE).toBe(`it's "x" $HOME\nsecond line`);
    } finally {
      const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
      host.child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
