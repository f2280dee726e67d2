/**
 * How the trainer is started: under python-bridge's launch wrapper (bridge-protocol.md), run by the
 * install's own interpreter from the app's versioned copy of python-bridge.
 */
import { delimiter } from 'node:path';

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
    '--',
    ...launch.argv,
  ];
}

/** The wrapper's environment: the child's, with python-bridge importable (first on PYTHONPATH). */
export function wrapperEnvironment(
  childEnv: Readonly<Record<string, string>>,
  bridgeDir: string,
): Record<string, string> {
  // The wrapper tags the trainer itself; untagged, it is never taken for a leftover of the tree in
  // the moment between writing exit.json and its own exit.
  const env = { ...childEnv };
  delete env.DPGUI_JOB_ID;
  const path = env.PYTHONPATH;
  return { ...env, PYTHONPATH: path ? `${bridgeDir}${delimiter}${path}` : bridgeDir };
}
