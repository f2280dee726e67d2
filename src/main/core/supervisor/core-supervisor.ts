/**
 * The supervisor as the app core runs it: python-bridge from its versioned copy in the data folder,
 * the local executor, the configs' writers behind prepareRun, GPU strangers told from our own tagged
 * trainers, and the jobs' output folders handed to the file route. Started once the queue, the
 * settings and the GPU sampler are open: it reconciles what an earlier host left, then dispatches.
 */
import { join } from 'node:path';
import type { Settings } from '../../../shared/contract';
import { jobStatuses } from '../../../shared/contract/jobs';
import { outputsOfJobs } from '../configs/active-outputs';
import type { EventBus } from '../events/event-bus';
import type { JobWatchers } from '../events/job-watchers';
import type { FileService } from '../files/file-service';
import type { GpuSampler } from '../gpus/gpu-sampler';
import type { ProcessTable } from '../platform/process-identity';
import type { JobQueue } from '../queue/job-queue';
import { ensureBridgeCopy, type BridgeCopy } from './bridge-copy';
import { bridgeSourceOf, type BridgeLocation } from './bridge-source';
import { jobLookupOf } from './control/save-control';
import { createLocalExecutor, type JobExecutor } from './executor/local-executor';
import { isOursOrGone } from './executor/tagged-processes';
import { createPrepareRun, PrepareRunError } from './launch/prepare-run';
import { allocatePort } from './launch/port-allocation';
import { createSupervisor, type PrepareRun, type Supervisor } from './supervisor';

export interface CoreSupervisorOptions extends BridgeLocation {
  dataDir: string;
  queue: JobQueue;
  gpus: GpuSampler;
  events: EventBus;
  settings: () => Settings;
  /** The file route's service, fed with the jobs' output folders; null leaves it alone. */
  files: FileService | null;
  processes: ProcessTable;
  /** Who watches which job (the subscription registry): an unwatched job's logs are read less often. */
  jobWatchers?: JobWatchers;
  log: (line: string) => void;
  /** Extra wait after the grace period before the backstop (5 s; shorter in tests). */
  backstopAfterGraceMs?: number;
  /** Tests wrap a launch's steps to pause each at an exact point (a cancel while a job starts). */
  launchSeams?: LaunchSeams;
}

/** Each wraps the real step it is given; a test's wrapper may wait for its signal before or after it. */
export interface LaunchSeams {
  findPort?: (real: (reserved: number[]) => Promise<number>) => (reserved: number[]) => Promise<number>;
  prepareRun?: (real: PrepareRun) => PrepareRun;
  executor?: (real: JobExecutor) => JobExecutor;
}

export function startCoreSupervisor(options: CoreSupervisorOptions): Supervisor {
  const { queue, log } = options;
  let bridge: BridgeCopy | null = null;
  const source = bridgeSourceOf(options);
  if (source) {
    try {
      bridge = ensureBridgeCopy(source, options.dataDir);
    } catch (error) {
      log(`python-bridge could not be copied into the data folder: ${String(error)}`);
    }
  } else {
    log('python-bridge was not found beside the app: trainings cannot start.');
  }
  const writeRun = createPrepareRun({
    installs: () => options.settings().trainers,
    jobById: jobLookupOf(queue),
  });
  const executor = createLocalExecutor({
    bridgeDir: bridge?.bridgeDir ?? join(options.dataDir, 'python-bridge', 'missing'),
    processes: options.processes,
    ...(options.backstopAfterGraceMs === undefined
      ? {}
      : { backstopAfterGraceMs: options.backstopAfterGraceMs }),
    log,
  });
  const prepareRun: PrepareRun = (job, launch) => {
    if (!bridge) {
      throw new PrepareRunError(
        'python-bridge, which DPGui starts every trainer with, was not found beside the app.',
        'Reinstall DPGui, or set DPGUI_PYTHON_BRIDGE to its python-bridge folder.',
      );
    }
    return writeRun(job, launch);
  };
  const findPort = (reserved: number[]): Promise<number> => allocatePort({ reserved });
  const seams = options.launchSeams ?? {};
  const supervisor = createSupervisor({
    queue,
    executor: seams.executor ? seams.executor(executor) : executor,
    gpus: options.gpus,
    events: options.events,
    settings: options.settings,
    prepareRun: seams.prepareRun ? seams.prepareRun(prepareRun) : prepareRun,
    findPort: seams.findPort ? seams.findPort(findPort) : findPort,
    hookDir: bridge?.hookDir ?? '',
    isOurProcess: isOursOrGone,
    ...(options.jobWatchers ? { watchers: options.jobWatchers } : {}),
    log,
  });
  // Every job's output folders (finished ones too: their checkpoints and samples stay viewable). A
  // job's config never changes: a new job adds its own folders, and only a delete (the queue's total
  // drops) reads every job again, so neither a change nor a file request costs a pass over the queue.
  let folders: Set<string> | null = null;
  let jobsCounted = new Set<string>();
  let outputFolders: string[] | null = null;
  const countFolders = (jobs: Parameters<typeof outputsOfJobs>[0]): void => {
    for (const job of jobs) jobsCounted.add(job.id);
    for (const { dir } of outputsOfJobs(jobs)) folders?.add(dir);
    outputFolders = null;
  };
  queue.onChange((change) => {
    if (!folders) return;
    if (change.kind === 'job') {
      if (!jobsCounted.has(change.job.id)) countFolders([queue.get(change.job.id)]);
    } else if (Object.values(change.state.counts).reduce((a, b) => a + b, 0) < jobsCounted.size) {
      folders = null;
    }
  });
  options.files?.setJobOutputFolders(() => {
    if (!folders) {
      folders = new Set();
      jobsCounted = new Set();
      countFolders(queue.jobsIn(jobStatuses));
    }
    outputFolders ??= [...folders];
    return outputFolders;
  });
  void supervisor.start();
  return supervisor;
}
