// jobs.list in its three orders (queue, newest first, by state), paged with cursors that stay right
// for each, and queue.changed saying what moved where and what was deleted.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobListQuery, NewJob, QueueChanged } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { createSchemaValidators } from '../contract/schema-validators';
import { openJobQueue, type JobQueue } from './job-queue';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const opened: JobQueue[] = [];
afterEach(() => {
  for (const queue of opened.splice(0)) queue.close();
});

function open(): JobQueue {
  const { queue } = openJobQueue({
    dataDir: tempDir(),
    isJob: (value) => validators.response('jobs.get', value).ok,
  });
  opened.push(queue);
  return queue;
}

const newJob = (name: string): NewJob => ({
  name,
  config: { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 16, output_name: name } },
  gpus: { count: 1 },
});

/** Every page of a query, `limit` at a time, joined. */
function allPages(queue: JobQueue, query: JobListQuery, limit: number): string[] {
  const names: string[] = [];
  let cursor: string | null | undefined;
  do {
    const page = queue.list({ ...query, limit, ...(cursor ? { cursor } : {}) });
    expect(validators.response('jobs.list', page).ok).toBe(true);
    names.push(...page.items.map((job) => job.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/** 12 jobs j0…j11: j11 moved to the top, j2, j5 and j8 held, j3 and j9 canceled. */
function history(): { queue: JobQueue; ids: Map<string, string> } {
  const queue = open();
  const ids = new Map<string, string>();
  for (let i = 0; i < 12; i++) ids.set(`j${i}`, queue.enqueue(newJob(`j${i}`)).id);
  const id = (name: string) => ids.get(name) ?? '';
  queue.reorder(id('j11'), 'top');
  for (const name of ['j2', 'j5', 'j8']) queue.hold(id(name));
  for (const name of ['j3', 'j9']) queue.cancel(id(name));
  return { queue, ids };
}

const names = (...numbers: number[]) => numbers.map((n) => `j${n}`);

describe('jobs.list sorts', () => {
  it('lists in queue order, newest first, or by state (newest first in each), the same page by page', () => {
    const { queue } = history();
    const expected: Record<NonNullable<JobListQuery['sort']>, string[]> = {
      queue: names(11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      newest: names(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
      // queued, held, canceled: the lifecycle's order.
      status: names(11, 10, 7, 6, 4, 1, 0, 8, 5, 2, 9, 3),
    };
    for (const [sort, order] of Object.entries(expected) as [keyof typeof expected, string[]][]) {
      expect(
        queue.list({ sort, limit: 500 }).items.map((job) => job.name),
        sort,
      ).toEqual(order);
      for (const limit of [1, 2, 5, 7])
        expect(allPages(queue, { sort }, limit), `${sort} by ${limit}`).toEqual(order);
    }
    expect(allPages(queue, {}, 5)).toEqual(expected.queue);
  });

  it('keeps the filters in every order', () => {
    const { queue } = history();
    const statuses: JobListQuery['statuses'] = ['canceled', 'held'];
    expect(allPages(queue, { sort: 'status', statuses }, 2)).toEqual(names(8, 5, 2, 9, 3));
    expect(allPages(queue, { sort: 'newest', statuses }, 2)).toEqual(names(9, 8, 5, 3, 2));
    expect(allPages(queue, { sort: 'status', search: 'j1' }, 1)).toEqual(names(11, 10, 1));
    expect(queue.list({ sort: 'status', statuses, limit: 2 }).total).toBe(5);
  });

  it('refuses a cursor of another order, saying to start again', () => {
    const { queue } = history();
    const cursor = queue.list({ sort: 'newest', limit: 2 }).nextCursor ?? '';
    for (const sort of ['queue', 'status'] as const) {
      let error: unknown;
      try {
        queue.list({ sort, cursor });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(HandlerError);
      expect((error as HandlerError).error).toMatchObject({
        code: 'invalid_payload',
        message: expect.stringMatching(/start from the first page\.$/) as unknown,
      });
    }
  });
});

describe('queue.changed', () => {
  it('says which job moved, from which key to which, and between which jobs it now stands', () => {
    const { queue, ids } = history();
    const changes: QueueChanged[] = [];
    queue.onChange((change) => {
      if (change.kind === 'queue') changes.push(change.state);
    });
    const id = (name: string) => ids.get(name) ?? '';
    const before = queue.get(id('j4')).position;
    const moved = queue.reorder(id('j4'), { before: id('j1') });
    expect(changes).toHaveLength(1);
    expect(changes[0]?.moved).toEqual([
      { id: id('j4'), from: before, to: moved.position, after: id('j0'), before: id('j1') },
    ]);
    expect(validators.event('queue.changed', changes[0]).ok).toBe(true);
    queue.delete(id('j3'));
    expect(changes[1]).toMatchObject({ reason: 'order', removed: [id('j3')] });
    expect(changes[1]?.moved).toBeUndefined();
  });
});
