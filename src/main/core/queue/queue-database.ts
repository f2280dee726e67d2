/**
 * Start-up of `queue.db`: open and check it; if it is damaged, keep it aside and rebuild the queue
 * from the run folders' job.json (in order of creation), and say so. If it is missing while run
 * folders exist, rebuild too. It is never recreated empty over jobs the user had.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../../shared/contract';
import { describeIoError } from '../fs/describe-io-error';
import { insertJobSql, jobToRow, queueMigrations } from './job-rows';
import { scanJobFiles, type JobFile } from './job-files';
import { DatabaseDamagedError, moveAside, openDatabase } from './open-database';
import { positionGap } from './queue-positions';
import type { SqliteDatabase } from './sqlite';

export const queueFileName = 'queue.db';

export interface QueueDatabaseOptions {
  dataDir: string;
  runsDir: string;
  /** Checks a job.json record against the contract's Job schema. */
  isJob: (value: unknown) => boolean;
  now: () => Date;
  maxPageCount?: number;
  /** The disk is full: open without writing (see OpenDatabaseOptions.fullDisk). */
  fullDisk?: boolean;
}

export interface OpenedQueueDatabase {
  db: SqliteDatabase;
  notices: string[];
}

export function openQueueDatabase(options: QueueDatabaseOptions): OpenedQueueDatabase {
  const file = join(options.dataDir, queueFileName);
  try {
    mkdirSync(options.runsDir, { recursive: true });
  } catch (error) {
    // On a full disk a missing runs/ holds no jobs to show: it is made once there is space.
    if (!(options.fullDisk && (error as NodeJS.ErrnoException).code === 'ENOSPC'))
      throw new Error(
        `The folder for the jobs' run folders, ${options.runsDir}, cannot be made: ${describeIoError(error)}.`,
        { cause: error },
      );
  }
  const open = (): SqliteDatabase =>
    openDatabase(file, {
      what: 'job database',
      synchronous: 'FULL',
      migrations: queueMigrations,
      quickCheck: true,
      ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
      ...(options.fullDisk ? { fullDisk: true } : {}),
    });

  if (!existsSync(file)) {
    const db = open();
    const scanned = scanJobFiles(options.runsDir, options.isJob);
    if (scanned.jobs.length === 0 && scanned.unreadable.length === 0) return { db, notices: [] };
    const count = rebuildQueue(db, scanned.jobs, options.runsDir);
    return {
      db,
      notices: [
        `The job database ${file} was missing, so the queue was rebuilt from ${describeRebuild(count, scanned.unreadable)}`,
      ],
    };
  }

  try {
    return { db: open(), notices: [] };
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError)) throw error;
    const aside = moveAside(file, 'damaged', options.now());
    const db = open();
    const scanned = scanJobFiles(options.runsDir, options.isJob);
    const count = rebuildQueue(db, scanned.jobs, options.runsDir);
    return {
      db,
      notices: [
        `The job database could not be read (${error.reason}). It was kept as ${aside}, and the queue was ` +
          `rebuilt from ${describeRebuild(count, scanned.unreadable)}`,
      ],
    };
  }
}

function describeRebuild(count: number, unreadable: readonly string[]): string {
  const skipped =
    unreadable.length === 0
      ? ''
      : ` ${unreadable.length} run folder(s) had no readable job.json and were left out (e.g. ${unreadable[0] ?? ''}).`;
  return (
    `the job.json of ${count} run folder(s), in order of creation. The queue is paused so that you can ` +
    `check the order of the waiting jobs before anything starts; resume it when ready.${skipped}`
  );
}

/** Inserts the jobs in order of creation; links to jobs that are not there any more are dropped. */
export function rebuildQueue(db: SqliteDatabase, files: readonly JobFile[], runsDir: string): number {
  const live = files.filter((f) => f.deletedAt === undefined);
  live.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
  );
  const insert = db.prepare(insertJobSql);
  const inserted = new Set<string>();
  db.transaction(() => {
    live.forEach((file, index) => {
      const job: Job & { deletedAt?: string } = { ...file };
      delete job.deletedAt;
      const placed: Job = {
        ...job,
        position: (index + 1) * positionGap,
        // The folder it was found in, wherever the data folder was when it was written.
        runDir: join(runsDir, job.id),
        retriedFrom: job.retriedFrom !== null && inserted.has(job.retriedFrom) ? job.retriedFrom : null,
        clonedFrom: job.clonedFrom !== null && inserted.has(job.clonedFrom) ? job.clonedFrom : null,
      };
      insert.run(jobToRow(placed));
      inserted.add(job.id);
    });
    db.prepare("INSERT OR REPLACE INTO queue_meta (key, value) VALUES ('pausedAt', ?)").run(
      new Date().toISOString(),
    );
  })();
  return live.length;
}
