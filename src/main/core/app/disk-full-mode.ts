/**
 * The read-only start on a full disk. A training that fills the data folder's disk must still be
 * stoppable, so the host starts anyway: the jobs can be listed and followed, and a running one stopped
 * (its state is written when the disk takes it, else once there is space). Every channel that would
 * save something new is answered with `io_error` saying the disk is full and what to do; `app.info`
 * carries the same sentence as a notice, and says so when space is back (a restart then ends the mode:
 * what the start left out, such as python-bridge's copy, is done by a normal start).
 */
import { contractError, type RequestName } from '../../../shared/contract';
import { HandlerError, type Handlers } from '../contract/dispatcher';
import { isDiskFull, type FreeSpaceProbe } from '../data-dir/disk-space';

/**
 * Channels that save something or start work that writes: refused in this mode. Reading channels
 * (lists, gets, logs, metrics, previews), `jobs.cancel` and `app.info` are not in it.
 */
export const writingChannels: readonly RequestName[] = [
  'settings.set',
  'jobs.enqueue',
  'jobs.replace',
  'jobs.reorder',
  'jobs.retry',
  'jobs.hold',
  'jobs.release',
  'jobs.delete',
  // A save asks the trainer to write a checkpoint: the very thing there is no room for.
  'jobs.save',
  'jobs.stopAndSave',
  'queue.pause',
  'queue.resume',
  'datasets.register',
  'datasets.scan',
  'datasets.caption.set',
  'datasets.bulk.apply',
  'datasets.undoBulk',
  'datasets.remove',
  'presets.save',
  'presets.rename',
  'presets.delete',
  'presets.import',
  'env.doctor',
];

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
