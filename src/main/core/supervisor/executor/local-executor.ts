/**
 * The local executor: a job's tree runs on this machine under python-bridge's launch wrapper, which
 * outlives the app, runs the stop ladder itself and writes `exit.json` once nothing of the tree is
 * left. The app's part: start it and read its one-line answer, notice `exit.json`, ask for a stop
 * (a `stop` file and SIGTERM to the wrapper), and the backstop — after grace + 5 s without
 * `exit.json`, kill everything tagged with the job's id and the wrapper's tree. No pid is signalled
 * unless its start time and boot still match the record.
 */
import { spawn } from 'node:child_process';
import { existsSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import treeKill from 'tree-kill';
import type { ProcessIdentity, ProcessTable } from '../../platform/process-identity';
import type { ChildEnvironment } from '../launch/child-environment';
import { buildWrapperArgv, wrapperEnvironment, wrapperStdin } from '../launch/wrapper-argv';
import {
  parseLaunchRecord,
  readExitRecord,
  readLaunchRecord,
  type ExitRecord,
  type LaunchRecord,
} from './run-records';
import { findTaggedProcesses } from './tagged-processes';

export interface StartSpec {
  jobId: string;
  runDir: string;
  /** The install's interpreter: it runs the wrapper, and python-bridge needs nothing but the stdlib. */
  python: string;
  cwd: string;
  argv: readonly string[];
  /** The trainer's environment (buildChildEnvironment): the wrapper runs in `inherited` and sets `set`. */
  env: ChildEnvironment;
  graceSeconds: number;
  watch: readonly string[];
}

export type StartResult = { ok: true; launch: LaunchRecord } | { ok: false; code: string; message: string };

export type StopResult =
  | { by: 'exit-record'; exit: ExitRecord }
  /** No exit.json came: the backstop killed what was left (`killed` processes). */
  | { by: 'backstop'; killed: number };

export type Adoption =
  | { kind: 'exited'; launch: LaunchRecord | null; exit: ExitRecord }
  /** Our wrapper still supervises it: follow it, it will write exit.json. */
  | { kind: 'wrapper-alive'; launch: LaunchRecord }
  /** The wrapper is gone but the trainer runs on: follow it; its exit code will be unknown. */
  | { kind: 'trainer-alive'; launch: LaunchRecord }
  /** Nothing of it runs (or the recorded pids now belong to other processes). */
  | { kind: 'gone'; launch: LaunchRecord | null };

export interface JobExecutor {
  start(spec: StartSpec): Promise<StartResult>;
  /** Calls back once with exit.json's record; answers a function that stops watching. */
  watchExit(runDir: string, onExit: (exit: ExitRecord) => void): () => void;
  /** Asks for a stop and resolves when no process of the tree is left, by exit.json or the backstop. */
  stop(launch: LaunchRecord, requestedBy: string): Promise<StopResult>;
  /** Something tagged with the job's id, or its wrapper, is still alive. */
  treeAlive(launch: LaunchRecord): boolean;
  /** What became of a job recorded as starting, running or stopping (start-up re-adoption). */
  adopt(runDir: string): Adoption;
}

export interface LocalExecutorOptions {
  /** The folder holding python-bridge's `dpgui_bridge` package. */
  bridgeDir: string;
  processes: ProcessTable;
  /** Extra wait after the grace period before the backstop (5 s; shorter in tests). */
  backstopAfterGraceMs?: number;
  /** How often the stop checks for the tree being gone when no exit.json can come. */
  pollMs?: number;
  log?: (line: string) => void;
}

export function createLocalExecutor(options: LocalExecutorOptions): JobExecutor {
  const processes = options.processes;
  const backstopExtraMs = options.backstopAfterGraceMs ?? 5000;
  const pollMs = options.pollMs ?? 100;
  /** How long a stop waits, after exit.json, for the wrapper's own exit. */
  const wrapperExitWaitMs = 2000;

  const signalIfSame = (identity: ProcessIdentity, signal: NodeJS.Signals): boolean => {
    if (!processes.isAlive(identity)) return false;
    try {
      process.kill(identity.pid, signal);
      return true;
    } catch {
      return false;
    }
  };

  const treeAlive = (launch: LaunchRecord): boolean =>
    processes.isAlive(launch.wrapper) || findTaggedProcesses(launch.jobId, processes).length > 0;

  /** SIGKILL to every tagged process and the wrapper's tree, each checked against its identity. */
  const backstop = async (launch: LaunchRecord): Promise<number> => {
    let killed = 0;
    if (processes.isAlive(launch.wrapper)) {
      await new Promise<void>((resolve) => {
        treeKill(launch.wrapper.pid, 'SIGKILL', () => resolve());
      });
      killed++;
    }
    for (const identity of findTaggedProcesses(launch.jobId, processes)) {
      if (signalIfSame(identity, 'SIGKILL')) killed++;
    }
    return killed;
  };

  const watchExit = (runDir: string, onExit: (exit: ExitRecord) => void): (() => void) => {
    let done = false;
    let watcher: FSWatcher | null = null;
    const exitFile = join(runDir, 'exit.json');
    const check = (): void => {
      // Looked for first: while the job runs (nearly always) no read fails and no error is made.
      if (done || !existsSync(exitFile)) return;
      const exit = readExitRecord(runDir);
      if (!exit) return;
      stop();
      onExit(exit);
    };
    // fs.watch says at once; the slow poll covers file systems whose notices get lost.
    const timer = setInterval(check, 1000);
    const stop = (): void => {
      done = true;
      clearInterval(timer);
      watcher?.close();
    };
    try {
      watcher = watch(runDir, (_event, name) => {
        if (name === null || name === 'exit.json') check();
      });
    } catch {
      watcher = null;
    }
    check();
    return stop;
  };

  return {
    start(spec) {
      const argv = buildWrapperArgv({
        python: spec.python,
        runDir: spec.runDir,
        jobId: spec.jobId,
        graceSeconds: spec.graceSeconds,
        watch: spec.watch,
        cwd: spec.cwd,
        argv: spec.argv,
      });
      return new Promise((resolve) => {
        const [command = '', ...args] = argv;
        const child = spawn(command, args, {
          cwd: spec.runDir,
          env: wrapperEnvironment(spec.env, options.bridgeDir),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        // A wrapper that never started (or ended early) closes the pipe: its answer says why, not EPIPE.
        child.stdin.on('error', () => {});
        child.stdin.end(wrapperStdin(spec.env));
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
        child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
        child.once('error', (error) => {
          resolve({ ok: false, code: 'spawn_failed', message: `Could not run ${command}: ${error.message}` });
        });
        child.once('close', (code) => {
          let answer: unknown;
          try {
            answer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
          } catch {
            answer = null;
          }
          const launch = parseLaunchRecord(answer);
          if (code === 0 && launch) {
            resolve({ ok: true, launch });
            return;
          }
          const error = (answer as { error?: { code?: unknown; message?: unknown } } | null)?.error;
          resolve({
            ok: false,
            code: typeof error?.code === 'string' ? error.code : 'launch_failed',
            message:
              typeof error?.message === 'string'
                ? error.message
                : `The launch wrapper exited with ${code ?? 'a signal'}: ${(stderr || stdout).trim().slice(-500) || 'no output'}`,
          });
        });
      });
    },
    watchExit,
    stop(launch, requestedBy) {
      const runDir = launch.runDir;
      return new Promise((resolve) => {
        let settled = false;
        const timers: ReturnType<typeof setTimeout>[] = [];
        let unwatch = (): void => {};
        const finish = (result: StopResult): void => {
          if (settled) return;
          settled = true;
          unwatch();
          for (const timer of timers) clearTimeout(timer);
          resolve(result);
        };
        // The wrapper writes exit.json as its last act; "no process of the tree is left" includes it.
        const exitRecordFinish = (exit: ExitRecord): void => {
          const until = Date.now() + wrapperExitWaitMs;
          const check = (): void => {
            if (settled) return;
            if (!processes.isAlive(launch.wrapper) || Date.now() > until) finish({ by: 'exit-record', exit });
            else timers.push(setTimeout(check, 20));
          };
          check();
        };
        const runBackstop = (): void => {
          if (settled) return;
          const exit = readExitRecord(runDir);
          if (exit) {
            exitRecordFinish(exit);
            return;
          }
          options.log?.(
            `Job ${launch.jobId}: no exit.json ${launch.graceSeconds} s + backstop after the stop; killing its tree.`,
          );
          void backstop(launch).then((killed) => {
            const confirm = (): void => {
              if (settled) return;
              const exitNow = readExitRecord(runDir);
              if (exitNow) exitRecordFinish(exitNow);
              else if (!treeAlive(launch)) finish({ by: 'backstop', killed });
              else timers.push(setTimeout(() => void backstop(launch).then(confirm), pollMs));
            };
            confirm();
          });
        };

        // exit.json may already be there (the trainer ended on its own): then nothing is signalled.
        const existing = readExitRecord(runDir);
        if (existing) {
          exitRecordFinish(existing);
          return;
        }
        unwatch = watchExit(runDir, exitRecordFinish);
        try {
          if (existsSync(runDir)) writeFileSync(join(runDir, 'stop'), requestedBy);
        } catch {
          // The signal below is enough; the file only says who asked.
        }
        const wrapperAlive = signalIfSame(launch.wrapper, 'SIGTERM');
        if (!wrapperAlive) {
          // No wrapper will write exit.json: run its ladder here (SIGTERM to the tagged tree, grace, then the backstop).
          for (const identity of findTaggedProcesses(launch.jobId, processes))
            signalIfSame(identity, 'SIGTERM');
          const waitUntilGone = (): void => {
            if (settled) return;
            if (!treeAlive(launch)) finish({ by: 'backstop', killed: 0 });
            else timers.push(setTimeout(waitUntilGone, pollMs));
          };
          waitUntilGone();
          timers.push(setTimeout(runBackstop, launch.graceSeconds * 1000));
          return;
        }
        timers.push(setTimeout(runBackstop, launch.graceSeconds * 1000 + backstopExtraMs));
      });
    },
    treeAlive,
    adopt(runDir) {
      const launch = readLaunchRecord(runDir);
      const exit = readExitRecord(runDir);
      if (exit) return { kind: 'exited', launch, exit };
      if (!launch) return { kind: 'gone', launch: null };
      if (processes.isAlive(launch.wrapper)) return { kind: 'wrapper-alive', launch };
      if (processes.isAlive(launch.trainer)) return { kind: 'trainer-alive', launch };
      return { kind: 'gone', launch };
    },
  };
}
