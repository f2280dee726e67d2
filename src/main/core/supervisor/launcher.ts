/**
 * One launch, from the plan to a followed tree: a port found, GPUs and port recorded, the run folder
 * and command.txt written, the trainer started under python-bridge's wrapper, its start recorded.
 * A cancel may land at each await: before anything runs it ends the job `canceled`; once the tree
 * exists the job is followed all the same and stopped at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Settings } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import type { GpuSampler } from '../gpus/gpu-sampler';
import type { JobQueue } from '../queue/job-queue';
import type { JobExecutor, StartResult } from './executor/local-executor';
import type { LaunchRecord } from './executor/run-records';
import { buildChildEnvironment } from './launch/child-environment';
import { formatCommandFile } from './launch/command-file';
import { PrepareRunError, type PreparedRun, type PrepareRun } from './launch/prepared-run';

export type { PreparedRun, PrepareRun } from './launch/prepared-run';

export interface LauncherOptions {
  queue: JobQueue;
  executor: JobExecutor;
  gpus: Pick<GpuSampler, 'latest'>;
  settings: () => Settings;
  prepareRun: PrepareRun;
  /** python-bridge's hook folder (first on the trainer's PYTHONPATH). */
  hookDir: string;
  /** A free rendezvous port, never one of `reserved`. */
  findPort: (reserved: number[]) => Promise<number>;
  /** The host closed: a launch under way stops where it is (a started tree is adopted next time). */
  isClosed: () => boolean;
  /** Follow a started tree (`newAttempt`: a relaunch in the same run folder). */
  follow: (job: Job, launch: LaunchRecord, prepared: PreparedRun, newAttempt: boolean) => void;
  /** A launch ended, however: its GPUs are no longer held by it. */
  onSettled: () => void;
  log: (line: string) => void;
}

export interface Launcher {
  /** Jobs being launched right now (between the plan and the wrapper's answer), with their GPUs. */
  readonly launching: ReadonlyMap<string, readonly string[]>;
  launchJob: (jobId: string, gpuUuids: string[]) => Promise<void>;
}

/** The job, or null once it was deleted. */
export function findJob(queue: Pick<JobQueue, 'get'>, jobId: string): Job | null {
  try {
    return queue.get(jobId);
  } catch (error) {
    if (error instanceof HandlerError && error.error.code === 'not_found') return null;
    throw error;
  }
}

export function createLauncher(options: LauncherOptions): Launcher {
  const { queue, executor, isClosed, log } = options;
  const launching = new Map<string, string[]>();

  /**
   * The job still exists and still waits to be launched (queued, or starting, again after a port clash).
   * Canceled meanwhile (`stopping`) before anything of it runs: the cancel is complete, it ends `canceled`.
   */
  const launchGoesOn = (jobId: string): boolean => {
    const status = findJob(queue, jobId)?.status;
    if (status === 'stopping') queue.transition(jobId, 'canceled');
    return status === 'queued' || status === 'starting';
  };

  const launchJob = async (jobId: string, gpuUuids: string[]): Promise<void> => {
    launching.set(jobId, gpuUuids);
    try {
      const sample = options.gpus.latest();
      const gpuIndices = gpuUuids.map((uuid) => sample?.gpus.find((gpu) => gpu.uuid === uuid)?.index ?? -1);
      const port = await options.findPort(queue.unfinishedPorts());
      // While the port was found the host may have closed, or the user canceled or deleted the job.
      if (isClosed() || !launchGoesOn(jobId)) return;
      let job = queue.get(jobId);
      // GPUs and port are on record before anything starts (a relaunch records its new port with the launch).
      if (job.status === 'queued')
        job = queue.transition(jobId, 'starting', { assignedGpus: gpuUuids, masterPort: port });
      const runDir = queue.runDir(jobId);
      mkdirSync(runDir, { recursive: true });
      let prepared: PreparedRun;
      let started: StartResult;
      try {
        prepared = await options.prepareRun(job, { runDir, gpuIndices, port });
        // Canceled while its files were written: nothing runs yet, so the launch ends here.
        if (isClosed() || !launchGoesOn(jobId)) return;
        const settings = options.settings();
        const child = buildChildEnvironment({
          base: process.env,
          installEnv: prepared.installEnv,
          gpuIndices,
          port,
          jobId,
          runDir,
          hookDir: options.hookDir,
        });
        writeFileSync(
          join(runDir, 'command.txt'),
          formatCommandFile({ jobId, cwd: prepared.cwd, set: child.set, argv: prepared.argv }),
        );
        started = await executor.start({
          jobId,
          runDir,
          python: prepared.python,
          cwd: prepared.cwd,
          argv: prepared.argv,
          env: child,
          graceSeconds: settings.stopGraceSeconds,
          watch: prepared.watch,
        });
      } catch (error) {
        if (isClosed()) return;
        // Canceled while it was being prepared: nothing started, so the cancel is what happened.
        if (queue.get(jobId).status === 'stopping') {
          queue.transition(jobId, 'canceled');
          return;
        }
        // A missing install or an unwritable config fails this job, never the supervisor.
        queue.transition(
          jobId,
          'failed',
          error instanceof PrepareRunError
            ? { errorReason: error.reason, errorHint: error.hint, reasonCode: 'launch-failed' }
            : {
                errorReason: `It could not be prepared: ${error instanceof Error ? error.message : String(error)}`,
                errorHint: 'Check the job config and the trainer install in the settings.',
                reasonCode: 'launch-failed',
              },
        );
        return;
      }
      // Closed while the wrapper started: the training runs on; its launch.json lets the next start adopt it.
      if (isClosed()) return;
      if (!started.ok) {
        // Canceled while the wrapper started, and nothing started: the cancel is what happened.
        if (queue.get(jobId).status === 'stopping') {
          queue.transition(jobId, 'canceled');
          return;
        }
        queue.transition(jobId, 'failed', {
          errorReason: `The trainer did not start (${started.code}): ${started.message}`,
          errorHint: 'Check the trainer install in the settings (interpreter and folder).',
          reasonCode: 'launch-failed',
        });
        return;
      }
      const launch = started.launch;
      // Canceled while the wrapper started (the job is `stopping`): the tree exists now, and follow
      // stops it at once; its launch is not recorded, since the queue keeps one only while it starts or runs.
      if (queue.get(jobId).status === 'starting') {
        try {
          queue.recordLaunch(jobId, {
            wrapper: launch.wrapper,
            trainer: {
              pid: launch.trainer.pid,
              startTime: launch.trainer.startTime,
              pgid: launch.trainer.pgid,
            },
            masterPort: port,
            gpus: gpuUuids,
          });
          queue.transition(jobId, 'running');
        } catch (error) {
          // A full disk must not leave a started tree unfollowed: followed, it still ends and frees its GPUs.
          log(`Job ${jobId}: its start could not be recorded (${String(error)}); following it all the same.`);
        }
      }
      options.follow(queue.get(jobId), launch, prepared, job.attempt > 1);
    } finally {
      launching.delete(jobId);
      options.onSettled();
    }
  };

  return { launching, launchJob };
}
