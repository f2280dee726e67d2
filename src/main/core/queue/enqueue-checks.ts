/**
 * What jobs.enqueue and jobs.replace can tell before a job waits: a job asking for more GPUs than the
 * machine can ever give it (after the settings' exclusions), or for a trainer whose install is not set
 * up, would wait or fail later; it is refused now, saying why and which setting to change. Pure
 * functions of plain values; the app core supplies the settings and the last GPU sample.
 */
import type { GpuInventory, NewJob, TrainerInstalls } from '../../../shared/contract';
import { trainerRuntime } from '../trainers';

type JobAsked = Pick<NewJob, 'name' | 'config' | 'gpus'>;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the job's trainer cannot run here (its install is not set in the settings); null when it can. */
export function installRefusal(job: JobAsked, installs: TrainerInstalls): string | null {
  const runtime = trainerRuntime(job.config.trainer);
  const { key, label } = runtime.install;
  const install = installs[key];
  const setting = `Settings → Trainers → ${label}`;
  const missing =
    install.python.trim() === ''
      ? { what: 'its Python interpreter (the python of its venv)', field: 'python' }
      : runtime.needsInstallFolder && install.folder.trim() === ''
        ? { what: `the folder of its ${label} checkout`, field: 'folder' }
        : null;
  if (!missing) return null;
  return `"${job.name}" cannot be queued: the install of ${label} is not set up. Set ${missing.what} in ${setting} (trainers.${key}.${missing.field}), then queue it again.`;
}

/**
 * Why no dispatch could ever give the job its GPUs; null when one could, or when the sample cannot
 * tell (nvidia-smi failed this time: it may answer the next).
 */
export function gpuRefusal(
  job: JobAsked,
  inventory: GpuInventory,
  excludedGpus: readonly string[],
): string | null {
  const wanted = job.gpus.count;
  if (wanted === 0 || inventory.state === 'error') return null;
  const excluded = new Set(excludedGpus);
  const present = inventory.gpus;
  const usable = present.filter((gpu) => !excluded.has(gpu.uuid));
  const include = job.gpus.include;
  const allowed = include ? usable.filter((gpu) => include.includes(gpu.uuid)) : usable;
  if (wanted <= allowed.length) return null;
  const head = `"${job.name}" needs ${plural(wanted, 'GPU')}`;
  const cpu = 'or ask for 0 GPUs to run it on the CPU';
  if (inventory.state === 'no-nvidia-smi')
    return `${head}; this machine has none that DPGui can see (nvidia-smi was not found). Install the NVIDIA driver, ${cpu}.`;
  if (present.length === 0)
    return `${head}; this machine has none (nvidia-smi lists no GPU). Check that the driver sees them, ${cpu}.`;
  const excludedCount = present.length - usable.length;
  const has = `this machine has ${present.length}${excludedCount > 0 ? ` (${excludedCount} excluded in Settings → GPUs, excludedGpus)` : ''}`;
  if (include) {
    const fixes = [
      'Name other GPUs',
      ...(allowed.length > 0 ? [`ask for at most ${allowed.length}`] : []),
      ...(excludedCount > 0 ? ['allow an excluded one again'] : []),
    ];
    return `${head} among the ${plural(include.length, 'GPU')} it names; ${has}, and ${allowed.length} of those it names can be used. ${either(fixes)}.`;
  }
  if (usable.length === 0) return `${head}; ${has}. Allow an excluded GPU again, ${cpu}.`;
  return `${head}; ${has}. Ask for at most ${usable.length}${excludedCount > 0 ? ', or allow an excluded GPU again' : ''}.`;
}

export interface NewJobCheckSources {
  settings: () => { trainers: TrainerInstalls; excludedGpus: readonly string[] };
  /** The last GPU sample (or a new one when there is none, or the last one failed). */
  gpuInventory: () => Promise<GpuInventory>;
}

/** Both checks, the install first (it needs no nvidia-smi run). */
export function createNewJobCheck(sources: NewJobCheckSources) {
  return async (job: JobAsked): Promise<string | null> => {
    const { trainers, excludedGpus } = sources.settings();
    const install = installRefusal(job, trainers);
    if (install !== null || job.gpus.count === 0) return install;
    return gpuRefusal(job, await sources.gpuInventory(), excludedGpus);
  };
}

/** "a", "a or b", "a, b or c". */
function either(options: readonly string[]): string {
  return options.length < 2
    ? (options[0] ?? '')
    : `${options.slice(0, -1).join(', ')} or ${options.at(-1) ?? ''}`;
}
