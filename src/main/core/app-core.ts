/**
 * The composition root of everything that is not a host: it takes the data folder, then builds the
 * services and the handlers of every channel. Both hosts (the Electron shell and `dpgui serve`) start
 * exactly this and only add their transport. Later issues open the job database here, before any
 * handler can run.
 */
import { homedir, platform } from 'node:os';
import type { AppInfo, HostKind } from '../../shared/contract';
import { appName, appVersion } from './app/app-version';
import { createAppHandlers, typedPathsOnly } from './app/app-handlers';
import { composeHandlers } from './contract/compose-handlers';
import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher';
import { createSchemaValidators, type SchemaValidators } from './contract/schema-validators';
import { clashingActiveOutputs, outputsOfConfig } from './configs/active-outputs';
import { builtInPresets } from './configs/builtin-presets';
import { createConfigsHandlers } from './configs/configs-handlers';
import { createGenericFormSource } from './configs/generic/generic-form-source';
import { createNodeWorldProbe } from './configs/node-world-probe';
import { validateConfigForEnqueue } from './configs/validate-config';
import { openPresetsStore } from './configs/presets-store';
import { createDraftsHandlers } from './drafts/drafts-handlers';
import { openDraftsStore } from './drafts/drafts-store';
import { acquireDataDirLock, DataDirBusyError } from './data-dir/data-dir-lock';
import { isDiskFull, isFullDiskError, statfsFreeSpace, type FreeSpaceProbe } from './data-dir/disk-space';
import { startFullDiskMode } from './app/disk-full-mode';
import { withDeferredTransitions } from './queue/deferred-transitions';
import { createDatasetService, type DatasetService } from './datasets/dataset-service';
import { createDatasetsHandlers } from './datasets/datasets-handlers';
import { createEventBus, type EventBus } from './events/event-bus';
import { jobWatchersOf } from './events/job-watchers';
import { createSubscriptionRegistry, type SubscriptionRegistry } from './events/subscriptions';
import { createFileService, type FileService } from './files/file-service';
import { createGpuHandlers, publishGpuSamples } from './gpus/gpu-handlers';
import { createHostHandlers, offeredCapabilities, type DesktopChannels } from './host/host-handlers';
import { createGpuSampler, type GpuSampler } from './gpus/gpu-sampler';
import { createNvidiaSmiProbe } from './gpus/nvidia-smi-probe';
import { createLogsHandlers, runDirOfJob } from './logs/logs-handlers';
import { createProcessTable, type ProcessTable } from './platform/process-identity';
import { createProcessTags } from './platform/process-tags';
import { findJob } from './supervisor/launcher';
import { openJobQueue, type ConfigValidator, type JobQueue } from './queue/job-queue';
import { createJobsHandlers } from './queue/jobs-handlers';
import { createQueueHandlers, publishQueueChanges } from './queue/queue-handlers';
import { createSettingsHandlers } from './settings/settings-handlers';
import { locateBridgeCopy, type BridgeLocation } from './supervisor/bridge-source';
import { startCoreSupervisor, type LaunchSeams } from './supervisor/core-supervisor';
import { jobControlsOf } from './supervisor/control/job-controls';
import { createEnvHandlers } from './supervisor/doctor/env-handlers';
import { createNewJobCheck } from './queue/enqueue-checks';
import { createTrainersHandlers } from './trainers/trainers-list';
import type { Supervisor } from './supervisor/supervisor';
import { openSettingsStore } from './settings/settings-store';

/** BridgeLocation: where the host ships python-bridge (Electron: its resources folder). */
export interface AppCoreOptions extends BridgeLocation {
  dataDir: string;
  host: HostKind;
  /** What this host offers the renderer, shown in app.info (default: typed paths only). */
  capabilities?: AppInfo['capabilities'];
  /**
   * The native dialogs and "show in folder" of a host with a desktop (Electron); app.info's
   * nativeDialogs and openFolder say true exactly where they are given.
   */
  desktopChannels?: DesktopChannels;
  /** Where the folder picker starts (default: the home folder of the user the host runs as). */
  home?: string;
  /** Check every answer against its schema (tests, development builds). */
  checkResponses?: boolean;
  processes?: ProcessTable;
  now?: () => Date;
  log?: (line: string) => void;
  /** The nvidia-smi to run (tests give a fake); default DPGUI_NVIDIA_SMI, else `nvidia-smi` on PATH. */
  nvidiaSmi?: string;
  /** Per-trainer config check at enqueue (the configs issue); default: any object. */
  validateConfig?: ConfigValidator;
  /** Cap queue.db at this many pages (tests of a full disk). */
  queueMaxPageCount?: number;
  /**
   * Free bytes on the data folder's disk (default: statfs). Below 1 MiB the host starts read-only: jobs
   * can be seen and stopped, nothing new saved (tests say "full" here without filling a disk).
   */
  freeSpace?: FreeSpaceProbe;
  /** How often the free space is asked again while the disk is full (default 5 s). */
  fullDiskCheckMs?: number;
  /** Ids of new jobs (tests that must know them in advance). */
  newJobId?: () => string;
  /** Output folders of DPGui's jobs, whose files the file route may serve (the supervisor wires it). */
  jobOutputFolders?: () => string[];
  /** Run the supervisor (default true); contract tests that only queue jobs turn it off. */
  supervise?: boolean;
  /** The backstop's extra wait (tests). */
  backstopAfterGraceMs?: number;
  /** Tests pause a launch's steps at exact points (see LaunchSeams). */
  launchSeams?: LaunchSeams;
}

export interface AppCore {
  /** Also carries `notices`: sentences the user should read once (a settings file kept aside, …). */
  readonly info: AppInfo;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** Who watches what: every transport forwards its clients' subscriptions here. */
  readonly subscriptions: SubscriptionRegistry;
  readonly validators: SchemaValidators;
  /** GPU sampling; the subscription registry tells it how many watch `gpu.stats`. */
  readonly gpus: GpuSampler;
  /** The job queue, open before any handler runs; the supervisor drives it. */
  readonly queue: JobQueue;
  /** Registered dataset folders; `registerFolder` is for folders named in configs. */
  readonly datasets: DatasetService;
  /** The guarded file route's service (dataset files, job outputs, thumbnails). */
  readonly files: FileService;
  /** Starts, follows and stops the trainers; null when `supervise` is off. */
  readonly supervisor: Supervisor | null;
  /** Release the data folder. Running trainers go on; the next start re-adopts them. */
  close(): void;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const probe = options.freeSpace ?? statfsFreeSpace;
  if (isDiskFull(probe, options.dataDir)) return startAppCore(options, true);
  try {
    return startAppCore(options, false);
  } catch (error) {
    // Space ran out during the start (or statfs could not tell): start again, read-only.
    if (error instanceof DataDirBusyError) throw error;
    if (!isFullDiskError(error) && !isDiskFull(probe, options.dataDir)) throw error;
    (options.log ?? ((line: string) => console.error(line)))(
      `The start failed on a full disk (${error instanceof Error ? error.message : String(error)}); starting read-only.`,
    );
    return startAppCore(options, true);
  }
}

/** `fullDisk`: the read-only start on a full disk (see app/disk-full-mode.ts). */
function startAppCore(options: AppCoreOptions, fullDisk: boolean): AppCore {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const processes = options.processes ?? createProcessTable();

  const lock = acquireDataDirLock(options.dataDir, options.host, processes, now);
  try {
    const validators = createSchemaValidators();
    const events = createEventBus((error) => log(`An event listener failed: ${String(error)}`));
    const settings = openSettingsStore(options.dataDir, (value) => validators.settings(value), now);
    const worldProbe = createNodeWorldProbe();
    const jobs = openJobQueue({
      dataDir: options.dataDir,
      isJob: (value) => validators.response('jobs.get', value).ok,
      now,
      // Every config is validated at enqueue by its trainer's schema and the world checks; an edit
      // (jobs.replace) does not collide with the job it replaces in the same-output check.
      validateConfig:
        options.validateConfig ??
        ((trainer, config, context) =>
          validateConfigForEnqueue(trainer, config, {
            probe: worldProbe,
            activeOutputs: () => clashingActiveOutputs(jobs.queue, trainer, config, context.replacing),
            ...(context.replacing === undefined ? {} : { jobId: context.replacing }),
          })),
      // The queue keeps the unfinished jobs' outputs indexed, so the check above reads no other config.
      outputsOf: outputsOfConfig,
      ...(options.queueMaxPageCount === undefined ? {} : { maxPageCount: options.queueMaxPageCount }),
      ...(fullDisk ? { fullDisk: true } : {}),
      ...(options.newJobId ? { newId: options.newJobId } : {}),
      log,
      onNotice: (sentence) => {
        settings.notices.push(sentence);
        log(`Notice: ${sentence}`);
      },
    });
    for (const notice of jobs.notices) log(`Notice: ${notice}`);
    settings.notices.push(...jobs.notices);
    // A training's end (and, read-only, any change) the disk refuses is kept and written later.
    jobs.queue = withDeferredTransitions(jobs.queue, { readOnly: () => fullDisk, now, log }).queue;
    const fullDiskMode = fullDisk
      ? startFullDiskMode({
          dataDir: options.dataDir,
          probe: options.freeSpace ?? statfsFreeSpace,
          notices: settings.notices,
          log,
          ...(options.fullDiskCheckMs === undefined ? {} : { checkMs: options.fullDiskCheckMs }),
        })
      : null;
    const gpus = createGpuSampler({
      probe: createNvidiaSmiProbe({ command: options.nvidiaSmi ?? process.env.DPGUI_NVIDIA_SMI, now }),
    });
    const excludedGpus = () => settings.store.get().excludedGpus;
    // Each GPU process shown as the job whose tag it carries, named from the queue, or as a stranger.
    const gpuOwners = {
      tags: createProcessTags(),
      jobName: (id: string) => findJob(jobs.queue, id)?.name ?? null,
    };
    publishGpuSamples(gpus, events, excludedGpus, gpuOwners);
    const logsHandlers = createLogsHandlers(runDirOfJob(options.dataDir));
    const subscriptions = createSubscriptionRegistry({
      events,
      readLog: (jobId, fromLine, count) => logsHandlers['logs.read']({ jobId, fromLine, count }),
      onError: (error) => log(`Delivering an event failed: ${String(error)}`),
    });
    // gpu.stats every 2 s only while someone watches it.
    subscriptions.onWatchersChanged((event, count) => {
      if (event === 'gpu.stats') gpus.setWatchers(count);
    });
    const info: AppInfo = {
      name: appName,
      version: appVersion,
      host: options.host,
      dataDir: options.dataDir,
      platform: platform(),
      pid: process.pid,
      startedAt: now().toISOString(),
      notices: settings.notices,
      capabilities: offeredCapabilities(
        options.capabilities ?? typedPathsOnly,
        options.desktopChannels ?? {},
      ),
    };
    const datasets = createDatasetService({ dataDir: options.dataDir, events, now, log });
    const files = createFileService({
      dataDir: options.dataDir,
      datasets,
      ...(options.jobOutputFolders ? { jobOutputFolders: options.jobOutputFolders } : {}),
    });
    publishQueueChanges(jobs.queue, events);
    // One map per domain; a channel in two of them stops the start (composeHandlers).
    const handlers: Handlers = composeHandlers({
      app: createAppHandlers(info),
      settings: createSettingsHandlers(settings.store, events),
      gpus: createGpuHandlers(gpus, excludedGpus, gpuOwners),
      logs: logsHandlers,
      jobs: createJobsHandlers({
        queue: jobs.queue,
        ...jobControlsOf(jobs.queue),
        // The supervisor is made below; it is there by the time a request comes.
        waitReasons: () => supervisor?.waitReasons() ?? [],
        retriesFirst: () => settings.store.get().retriesFirst,
        refuseNewJob: createNewJobCheck({
          settings: () => settings.store.get(),
          gpuInventory: async () => {
            const last = gpus.latest();
            return last && last.state !== 'error' ? last : gpus.sampleNow();
          },
        }),
      }),
      queue: createQueueHandlers(jobs.queue),
      env: createEnvHandlers({
        installs: () => settings.store.get().trainers,
        bridgeDir: () => locateBridgeCopy(options.dataDir, options)?.bridgeDir ?? null,
        dataDir: options.dataDir,
        nvidiaSmi: options.nvidiaSmi ?? process.env.DPGUI_NVIDIA_SMI ?? 'nvidia-smi',
        ...(options.freeSpace ? { freeSpace: options.freeSpace } : {}),
        onProgress: (progress) => events.emit('env.doctorProgress', progress),
      }),
      trainers: createTrainersHandlers(() => settings.store.get().trainers),
      datasets: createDatasetsHandlers(datasets),
      drafts: createDraftsHandlers(openDraftsStore(options.dataDir, now)),
      host: createHostHandlers({
        host: options.host,
        home: options.home ?? homedir(),
        ...(options.desktopChannels ? { desktop: options.desktopChannels } : {}),
      }),
      configs: createConfigsHandlers({
        probe: worldProbe,
        presets: openPresetsStore(options.dataDir, builtInPresets, now),
        activeOutputs: (config, jobId) => clashingActiveOutputs(jobs.queue, config.trainer, config, jobId),
        forms: {
          generic: createGenericFormSource({
            install: () => settings.store.get().trainers.generic,
            bridgeDir: () => locateBridgeCopy(options.dataDir, options)?.bridgeDir ?? null,
          }),
        },
      }),
    });
    const dispatch = createDispatcher(fullDiskMode ? fullDiskMode.gate(handlers) : handlers, {
      validators,
      checkResponses: options.checkResponses ?? false,
      onInternalError: (channel, error) =>
        log(
          `Handler of ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
    });
    // After the queue, the settings and the GPU sampler: it reconciles what a previous host left first.
    const supervisor =
      options.supervise === false
        ? null
        : startCoreSupervisor({
            dataDir: options.dataDir,
            queue: jobs.queue,
            gpus,
            events,
            settings: () => settings.store.get(),
            files: options.jobOutputFolders ? null : files,
            processes,
            // A job nobody watches is read once a second; a subscriber brings back the 50 ms batches.
            jobWatchers: jobWatchersOf(subscriptions),
            log,
            ...(options.bridgeSourceDir ? { bridgeSourceDir: options.bridgeSourceDir } : {}),
            ...(options.bridgeSearchDirs ? { bridgeSearchDirs: options.bridgeSearchDirs } : {}),
            ...(options.backstopAfterGraceMs === undefined
              ? {}
              : { backstopAfterGraceMs: options.backstopAfterGraceMs }),
            ...(options.launchSeams ? { launchSeams: options.launchSeams } : {}),
          });
    let closed = false;
    return {
      info,
      dispatch,
      events,
      subscriptions,
      validators,
      gpus,
      queue: jobs.queue,
      datasets,
      files,
      supervisor,
      close() {
        if (closed) return;
        closed = true;
        supervisor?.close();
        subscriptions.close();
        datasets.close();
        gpus.close();
        fullDiskMode?.close();
        jobs.queue.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
