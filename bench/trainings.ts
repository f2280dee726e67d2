/** What the bench cases that run trainings share: waiting for a state, and ending their trainings. */
import type { createProcessTable } from '../src/main/core/platform/process-identity';
import { findTaggedProcesses } from '../src/main/core/supervisor/executor/tagged-processes';
import { finishedJobStatuses, type Job } from '../src/shared/contract/jobs';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const isFinished = (job: Job): boolean =>
  (finishedJobStatuses as readonly string[]).includes(job.status);

/** Polls `probe` until it gives a value, or throws naming `what` after `ms`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  ms: number,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Trainings outlive the host by design: a case ends its own before the host stops (cancel what is not
 * finished, then wait until none of their processes is left), so nothing is left behind.
 */
export async function endTrainings(
  ids: readonly string[],
  job: (id: string) => Promise<Job>,
  cancel: (id: string) => Promise<unknown>,
  processes: ReturnType<typeof createProcessTable>,
): Promise<void> {
  for (const id of ids) {
    const found = await job(id).catch(() => null);
    if (found && !isFinished(found)) await cancel(id).catch(() => undefined);
  }
  await until(
    'the bench trainings to end',
    () => Promise.resolve(ids.every((id) => findTaggedProcesses(id, processes).length === 0)),
    30_000,
    200,
  ).catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
}
