/**
 * What the status bar says, as a function of the connection, the queue's state and the GPU sample:
 * plain values in, a list of items out, so every wording is tested without a browser.
 */
import type { GpuInventory, QueueState } from '../../../shared/contract';
import type { ConnectionState } from '../api/transport';

export type StatusTone = 'ok' | 'busy' | 'warn' | 'error' | 'muted';

export interface StatusItem {
  id: 'connection' | 'jobs' | 'paused' | 'gpus';
  text: string;
  tone: StatusTone;
  /** A longer sentence for the tooltip and screen readers. */
  detail: string;
  /** The connection item's raw state (tests and styles select on it). */
  state?: ConnectionState;
}

export interface StatusBarInput {
  connection: ConnectionState;
  /** null until the first answer arrived. */
  queue: QueueState | null;
  /** null until the first sample arrived. */
  gpus: Pick<GpuInventory, 'state' | 'message' | 'gpus'> | null;
}

const connectionItems: Record<ConnectionState, Omit<StatusItem, 'id'>> = {
  open: { text: 'Connected', tone: 'ok', detail: 'Live updates are arriving from DPGui.' },
  connecting: { text: 'Connecting…', tone: 'warn', detail: 'Reaching the DPGui host.' },
  closed: {
    text: 'Disconnected',
    tone: 'error',
    detail: 'The DPGui host (or its SSH tunnel) is not reachable; retrying. Trainings go on meanwhile.',
  },
  unauthorized: {
    text: 'Link expired',
    tone: 'error',
    detail: 'The DPGui host was restarted: open the new link it printed.',
  },
  rejected: { text: 'Wrong key', tone: 'error', detail: "This link's key is not the one this host printed." },
};

export function statusBarModel({ connection, queue, gpus }: StatusBarInput): StatusItem[] {
  const items: StatusItem[] = [{ id: 'connection', state: connection, ...connectionItems[connection] }];
  if (queue) {
    items.push(jobsItem(queue));
    if (queue.paused) {
      items.push({
        id: 'paused',
        text: 'Queue paused',
        tone: 'warn',
        detail: 'No new job starts until the queue is resumed; running jobs go on.',
      });
    }
  }
  items.push(gpusItem(gpus));
  return items;
}

function jobsItem(queue: QueueState): StatusItem {
  const { counts } = queue;
  const running = counts.starting + counts.running + counts.stopping;
  const waiting = counts.queued;
  const parts = [`${running} running`, `${waiting} waiting`];
  if (counts.held > 0) parts.push(`${counts.held} held`);
  const detail =
    running === 0 && waiting === 0 && counts.held === 0
      ? 'Nothing is running or waiting.'
      : `${plural(running, 'job')} running, ${plural(waiting, 'job')} waiting to start` +
        (counts.held > 0 ? `, ${counts.held} held back by you.` : '.');
  return { id: 'jobs', text: parts.join(' · '), tone: running > 0 ? 'busy' : 'muted', detail };
}

function gpusItem(inventory: StatusBarInput['gpus']): StatusItem {
  if (!inventory) return { id: 'gpus', text: 'GPUs: reading…', tone: 'muted', detail: 'Asking nvidia-smi.' };
  if (inventory.state !== 'ok') {
    const text = { 'no-nvidia-smi': 'No nvidia-smi', 'no-gpus': 'No GPUs found', error: 'GPUs unreadable' }[
      inventory.state
    ];
    return { id: 'gpus', text, tone: 'warn', detail: inventory.message || text };
  }
  const total = inventory.gpus.length;
  const busy = inventory.gpus.filter((gpu) => gpu.processes.length > 0).length;
  // A GPU another program holds is one a queued job may wait for: said apart from DPGui's own jobs.
  const byJobs = inventory.gpus.filter((gpu) =>
    gpu.processes.some((process) => process.jobId !== null),
  ).length;
  const byOthers = inventory.gpus.filter((gpu) =>
    gpu.processes.some((process) => process.jobId === null),
  ).length;
  const excluded = inventory.gpus.filter((gpu) => gpu.excluded).length;
  const uses: string[] = [];
  if (byJobs > 0) uses.push(`DPGui's jobs use ${byJobs}`);
  if (byOthers > 0) uses.push(`other programs hold memory on ${byOthers}`);
  const detail =
    (busy === 0
      ? `All ${plural(total, 'GPU')} are free`
      : `${busy} of ${plural(total, 'GPU')} busy: ${uses.join('; ')}`) +
    (excluded > 0 ? `; ${excluded} excluded in Settings.` : '.');
  return { id: 'gpus', text: `${busy} of ${total} GPUs busy`, tone: busy > 0 ? 'busy' : 'ok', detail };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
