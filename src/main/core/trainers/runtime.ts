/**
 * What differs by trainer kind, behind one interface: its install in the settings, its command line,
 * its save/sample schedule and shared caches, how its printed lines read as progress, save-now /
 * stop-and-save / resume, its exit hints and its bucket rules. Each kind implements it in its own
 * folder (`sd-scripts/`, `diffusion-pipe/`, `generic/`); `index.ts` registers them once. Code outside
 * this folder asks the runtime and never compares trainer kinds.
 */
import type {
  BucketPreview,
  ConfigBucketPreview,
  DiffusionPipeBucketSettings,
  Job,
  JobProgress,
  LaunchFacts,
  SaveAnswer,
  SdScriptsBucketSettings,
  TrainerInstalls,
  TrainerKind,
} from '../../../shared/contract';
import type { TrainerConfig } from '../../../shared/trainers';
import type { ScannedFile } from '../datasets/scan/scan-record';

/** What a printed line said; every field optional. */
export interface LineFacts {
  phase?: JobProgress['phase'];
  step?: number;
  total?: number;
  epoch?: number;
  epochs?: number;
  loss?: number | null;
  smoothedLoss?: number;
  lr?: number;
  itPerSec?: number;
  etaSeconds?: number | null;
  /** Optimisation steps per epoch (sd-scripts prints batches per epoch and accumulation). */
  stepsPerEpoch?: number;
  /** The line came from the trainer's step bar (superseded by the hook's exact events). */
  fromStepBar?: boolean;
}

export type TrainerLineReader = (text: string) => LineFacts | null;

/** When the trainer saves and samples, from the job's config (whatever is unset stays null). */
export interface Schedule {
  saveEveryNSteps?: number | null;
  saveEveryNEpochs?: number | null;
  sampleEveryNSteps?: number | null;
  sampleEveryNEpochs?: number | null;
  /** Epochs the config asks for (diffusion-pipe never prints it). */
  epochs?: number | null;
}

/** Finds a job by id for the lineage of resumed retries; null when it was deleted. */
export type JobLookup = (id: string) => Pick<Job, 'id' | 'resume' | 'retriedFrom'> | null;

export type ResumePoint = { ok: true; from: string } | { ok: false; reason: string };

/** `resumeFrom`: the saved state jobs.retry's `from` chose (absent or null: the newest). */
export type ResumeJob = Pick<Job, 'id' | 'trainer' | 'config' | 'resume' | 'retriedFrom'> &
  Partial<Pick<Job, 'resumeFrom'>>;

/** A resumed retry's new total, as jobs.retry asks it (at most one of the two). */
export interface RaisedTotal {
  totalSteps?: number;
  totalEpochs?: number;
}

/** The config values with the raised total, or why not (`field`: the request's field to blame). */
export type RaisedTotalResult =
  { ok: true; values: Record<string, unknown> } | { ok: false; field: keyof RaisedTotal; reason: string };

/** A launch that cannot be made, in words a person can act on. */
export interface Refusal {
  ok: false;
  reason: string;
  hint: string;
}

export interface ArgvRequest {
  /** The install's interpreter. */
  python: string;
  /** The install's folder (sd-scripts' scripts are found in it). */
  installFolder: string;
  /** What the trainer's writer says about the launch. */
  launch: LaunchFacts;
  runDir: string;
  /** Physical GPU indices (PCI bus order), the child's CUDA_VISIBLE_DEVICES. */
  gpuIndices: readonly number[];
  port: number;
  /** The job resumes from what its source saved. */
  resume: boolean;
  /** The saved state it resumes from, where resumeAtLaunch named one. */
  resumeFrom?: string;
  /** accelerate's --num_cpu_threads_per_process. */
  cpuThreadsPerProcess: number;
}

/** What a launch adds to the job's config values. */
export interface LaunchValueFacts {
  /** The saved state a resumed job continues from (resumeAtLaunch's `from`). */
  resumeFrom?: string;
  /** Whose output folder the job uses (outputOwnerOf with the queue at hand). */
  outputOwner?: string;
}

export interface SaveContext {
  /** DPGui's run folder of the job. */
  runDir: () => string;
  lookup: JobLookup;
}

export type BucketSettings = SdScriptsBucketSettings | DiffusionPipeBucketSettings;
export type BucketSettingsOf<K extends TrainerKind> = Extract<BucketSettings, { trainer: K }>;
export type BucketPreviewer<K extends TrainerKind> = (
  files: readonly ScannedFile[],
  settings: BucketSettingsOf<K>,
  includeFiles: boolean,
) => BucketPreview;

/** What a trainer can be asked at all: true, or why not (a job's abilities start from these). */
export interface TrainerAbilities {
  /** jobs.save: save a checkpoint now and go on. */
  saveNow: true | string;
  /** jobs.stopAndSave: save a checkpoint and stop. */
  stopAndSave: true | string;
  /** jobs.retry with resume: DPGui knows where it saves its state (whether it did is on disk). */
  resume: true | string;
}

/** A folder a config names: the field naming it (`values.…`), its path and the caption extension read there. */
export interface ConfigFolder {
  field: string;
  path: string;
  captionExtension: string;
}

/** A named folder as the host found it: its scan, or why it could not be read. */
export interface ConfigFolderScan extends ConfigFolder {
  files: readonly ScannedFile[] | null;
  problem: string | null;
  datasetId: string | null;
  scannedAt: string | null;
}

/** The bucket preview of a whole config: the folders it names, then the preview over their scans. */
export interface ConfigBucketPreviewer {
  /** Every folder the config names, in the order the trainer reads them. */
  folders(config: TrainerConfig): ConfigFolder[];
  /** The preview, from the scans of `folders(config)` (same order) and the GPU count. */
  preview(config: TrainerConfig, scans: readonly ConfigFolderScan[], gpus: number): ConfigBucketPreview;
}

export interface TrainerRuntime<K extends TrainerKind = TrainerKind> {
  kind: K;
  /** Its install in the settings (`trainers.<key>`) and its name in messages. */
  install: { key: keyof TrainerInstalls; label: string };
  /** It runs from its install's folder, which must be set (else from the job's run folder). */
  needsInstallFolder: boolean;

  /** The config values of one launch: the job's, with what this launch adds. */
  launchValues(
    values: Record<string, unknown>,
    job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>,
    facts: LaunchValueFacts,
  ): Record<string, unknown>;
  /** The command line, from what the writer wrote. */
  argv(request: ArgvRequest): { ok: true; argv: string[] } | Refusal;
  /** When it saves and samples, as its config says (progress shows the next of each). */
  schedule(values: Record<string, unknown>): Schedule;
  /** It keeps caches other jobs may share (then sharedCacheKeys says which). */
  sharesCaches: boolean;
  /** Jobs with a key in common must not run at once. */
  sharedCacheKeys(config: TrainerConfig): string[];

  /** What one of its printed lines says about progress. */
  readLine: TrainerLineReader;
  /**
   * How its steps per epoch are learnt when no line says them: from the step at which epoch 2 starts,
   * or from the total steps over the epochs it printed.
   */
  stepsPerEpochFrom: 'epoch-two-start' | 'total-over-epochs';

  /**
   * What a resumed retry of the job would continue from (from its config and what is on disk): its
   * `resumeFrom` where it has one (checked), else the newest saved state.
   */
  resumePoint(job: ResumeJob, lookup?: JobLookup): ResumePoint;
  /** The config values of a resumed retry that trains to a higher total (refused with the field to blame). */
  raiseTotal(values: Record<string, unknown>, total: RaisedTotal): RaisedTotalResult;
  /**
   * A resumed job at launch: refused when there is nothing to resume from, else what its config
   * resumes from (`from`; absent when the trainer finds it itself or is not told).
   */
  resumeAtLaunch(
    job: ResumeJob,
    lookup?: JobLookup,
  ): { ok: true; from?: string } | { ok: false; reason: string };
  /** Which of save now, stop and save and resume it offers; requestSave is asked only where allowed. */
  abilities: TrainerAbilities;
  /** jobs.save (`quit` false) and jobs.stopAndSave (`quit` true). */
  requestSave(job: Job, quit: boolean, context: SaveContext): SaveAnswer;
  /** After an exit 0: the user's stop-and-save, as a sentence for the job's reason; null when none. */
  stopAndSaveNote(runDir: string): string | null;

  /** The exit hint for a GPU out of memory. */
  outOfMemoryHint: string;

  /** Its bucketing of a scanned dataset (null: DPGui knows none for it). */
  previewBuckets: [BucketSettingsOf<K>] extends [never] ? null : BucketPreviewer<K>;
  /** Its bucket preview of a whole config (null: DPGui knows none for it). */
  configBuckets: ConfigBucketPreviewer | null;
}
