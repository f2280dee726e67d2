/**
 * The read-only start on a full disk. A training that fills the data folder's disk must still be
 * stoppable, so the host starts anyway: the jobs can be listed and followed, and a running one stopped
 * (its state is written when the disk takes it, else once there is space). Every channel that would
 * save something new is answered with `io_error` saying the disk is full and what to do; `app.info`
 * carries the same sentence as a notice, and says so when space is back (a restart then ends the mode:
 * what the start left out, such as python-bridge's copy, is done by a normal start).
 */
import { contractError, requestNames, type RequestName } from '../../../shared/contract';
import { HandlerError, type Handlers } from '../contract/dispatcher';
import { isDiskFull, type FreeSpaceProbe } from '../data-dir/disk-space';

/**
 * Every channel, by whether it saves something new in the data folder or starts work that writes
 * (refused in this mode). Typed over every channel of the contract, so a new channel cannot be added
 * without saying which it is.
 */
const savesInDataFolder: Record<RequestName, boolean> = {
  'app.info': false,
  'configs.schema': false,
  'configs.validate': false,
  'configs.preview': false,
  'configs.import': false,
  // Exports write where the user points, not into the data folder.
  'configs.export': false,
  'presets.list': false,
  'presets.get': false,
  'presets.save': true,
  'presets.rename': true,
  'presets.delete': true,
  'presets.import': true,
  'presets.export': false,
  'drafts.list': false,
  'drafts.get': false,
  // A draft is the editor's unsaved config: on a full disk the editor says it could not be kept.
  'drafts.save': true,
  // Removing a draft only frees space.
  'drafts.discard': false,
  'settings.get': false,
  'settings.set': true,
  'gpus.list': false,
  'logs.read': false,
  'logs.search': false,
  'datasets.register': true,
  'datasets.list': false,
  'datasets.get': false,
  'datasets.scan': true,
  'datasets.cancelScan': false,
  'datasets.files': false,
  'datasets.watch': false,
  'datasets.buckets': false,
  // A folder the config names but no dataset holds is scanned into DPGui's cache.
  'datasets.configBuckets': true,
  'datasets.captions.read': false,
  'datasets.caption.get': false,
  'datasets.caption.set': true,
  'datasets.bulk.preview': false,
  'datasets.bulk.apply': true,
  'datasets.undoBulk': true,
  'datasets.tags': false,
  'datasets.remove': true,
  'jobs.enqueue': true,
  'jobs.replace': true,
  'jobs.list': false,
  'jobs.get': false,
  'jobs.metrics': false,
  'jobs.reorder': true,
  // A stop must always be possible; its state is written once the disk takes it.
  'jobs.cancel': false,
  // A save asks the trainer to write a checkpoint: the very thing there is no room for.
  'jobs.save': true,
  'jobs.stopAndSave': true,
  'jobs.waitReasons': false,
  'jobs.retry': true,
  'jobs.hold': true,
  'jobs.release': true,
  'jobs.delete': true,
  'queue.pause': true,
  'queue.resume': true,
  'queue.state': false,
  'jobs.artifacts': false,
  'env.doctor': true,
  'env.cancelDoctor': false,
  'trainers.list': false,
  // Choosing paths reads the host's folders; nothing is saved.
  'host.listFolder': false,
  'host.findPython': false,
  'host.openFileDialog': false,
  'host.openFolderDialog': false,
  'host.showInFolder': false,
};

export const writingChannels: readonly RequestName[] = requestNames.filter((name) => savesInDataFolder[name]);

export function fullDiskNotice(dataDir: string): string {
  return (
    `The disk of the data folder ${dataDir} is full, so DPGui started read-only: you can see the jobs ` +
    'and stop a running training, but nothing new can be queued or saved. Free some space on that disk ' +
    '(old checkpoints, samples or caches), then restart DPGui.'
  );
}

export function spaceBackNotice(dataDir: string): string {
  return (
    `There is free space again on the disk of the data folder ${dataDir}. DPGui is still read-only ` +
    'since it started on a full disk: restart it to queue, edit and start trainings again.'
  );
}

export interface FullDiskModeOptions {
  dataDir: string;
  probe: FreeSpaceProbe;
  /** The app.info notices, changed in place when space is back. */
  notices: string[];
  log: (line: string) => void;
  /** How often the free space is asked while the disk is full (default 5 s). */
  checkMs?: number;
}

export interface FullDiskMode {
  /** The writing channels refuse with the disk-full sentence; the others are left as they are. */
  gate(handlers: Handlers): Handlers;
  close(): void;
}

export function startFullDiskMode(options: FullDiskModeOptions): FullDiskMode {
  const notice = fullDiskNotice(options.dataDir);
  // The hosts print the notices once started (the headless host on stderr).
  options.notices.push(notice);
  let spaceBack = false;
  const timer = setInterval(() => {
    if (isDiskFull(options.probe, options.dataDir)) return;
    spaceBack = true;
    clearInterval(timer);
    const back = spaceBackNotice(options.dataDir);
    const at = options.notices.indexOf(notice);
    if (at >= 0) options.notices.splice(at, 1, back);
    else options.notices.push(back);
    options.log(`Notice: ${back}`);
  }, options.checkMs ?? 5000);
  timer.unref();

  const refusal = (channel: string): HandlerError =>
    new HandlerError(
      contractError(
        'io_error',
        spaceBack
          ? `${channel} is not available: ${spaceBackNotice(options.dataDir)}`
          : `${channel} is not available: ${notice}`,
      ),
    );

  return {
    gate(handlers) {
      const gated: Handlers = { ...handlers };
      for (const channel of writingChannels) {
        if (!(channel in gated)) continue;
        (gated as Record<string, unknown>)[channel] = () => {
          throw refusal(channel);
        };
      }
      return gated;
    },
    close: () => clearInterval(timer),
  };
}
