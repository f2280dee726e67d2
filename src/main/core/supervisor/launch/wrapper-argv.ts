/**
 * How the trainer is started: under python-bridge's launch wrapper (bridge-protocol.md), run by the
 * install's own interpreter from the app's versioned copy of python-bridge.
 */
import type { ChildEnvironment } from './child-environment';

export interface WrapperLaunch {
  python: string;
  runDir: string;
  jobId: string;
  graceSeconds: number;
  /** The trainer's output folders, watched for checkpoints and samples. */
  watch: readonly string[];
  cwd: string;
  argv: readonly string[];
}

export function buildWrapperArgv(launch: WrapperLaunch): string[] {
  return [
    launch.python,
    '-m',
    'dpgui_bridge',
    'launch',
    '--run-dir',
    launch.runDir,
    '--job-id',
    launch.jobId,
    '--grace',
    String(launch.graceSeconds),
    ...launch.watch.flatMap((folder) => ['--watch', folder]),
    '--cwd',
    launch.cwd,
    // What we set for the trainer comes on stdin (not in argv, where `ps` would show an install's tokens).
    '--env-from-stdin',
    '--',
    ...launch.argv,
  ];
}

/**
 * The wrapper's own environment: the user's, with python-bridge importable (and nothing else on
 * PYTHONPATH, so the hook does not load in the wrapper). Untagged: it is never taken for a leftover
 * of the tree in the moment between writing exit.json and its own exit.
 */
export function wrapperEnvironment(child: ChildEnvironment, bridgeDir: string): Record<string, string> {
  const env: Record<string, string> = { ...child.inherited, PYTHONPATH: bridgeDir };
  delete env.DPGUI_JOB_ID;
  delete env.DPGUI_EVENTS_FILE;
  return env;
}

/** What the wrapper reads on stdin: the variables we set, exactly as command.txt exports them. */
export function wrapperStdin(child: ChildEnvironment): string {
  return JSON.stringify(Object.fromEntries(child.set));
}
