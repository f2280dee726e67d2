/**
 * `metrics.db`: every job's per-step curve (loss, smoothed loss, lr, epoch), apart from the queue so
 * that its write rate (synchronous=NORMAL) never slows the queue and the queue's start-up check never
 * reads it. The curves are not precious: a damaged file is moved aside and a new one started, and the
 * user is told.
 */
import { join } from 'node:path';
import type { JobMetrics, MetricPoint } from '../../../shared/contract';
import { DatabaseDamagedError, moveAside, openDatabase } from './open-database';
import { isCorruption, type SqliteDatabase } from './sqlite';

export const metricsFileName = 'metrics.db';

const metricsMigrations: readonly string[] = [
  `CREATE TABLE metrics (
     job_id TEXT NOT NULL,
     step INTEGER NOT NULL,
     loss REAL,
     smoothed_loss REAL,
     lr REAL,
     epoch REAL,
     PRIMARY KEY (job_id, step)
   ) WITHOUT ROWID;`,
];

export interface MetricsRange {
  fromStep?: number;
  toStep?: number;
  maxPoints: number;
}

export interface MetricsStore {
  /** Adds (or replaces, by step) points of a job's curve, in one transaction. */
  append(jobId: string, points: readonly MetricPoint[]): void;
  /** At most `maxPoints` points over the range; buckets of equal step width are averaged. */
  read(jobId: string, range: MetricsRange): JobMetrics;
  remove(jobId: string): void;
  close(): void;
}

export interface OpenedMetrics {
  store: MetricsStore;
  notices: string[];
}

/**
 * Opens metrics.db; a file found damaged now is replaced at once (`notices`), one found damaged later,
 * on a read or a write, is replaced then and reported through `onLaterNotice`.
 */
export function openMetricsStore(
  dataDir: string,
  now: () => Date,
  onLaterNotice: (sentence: string) => void = () => {},
  /** The disk is full: open without writing (see OpenDatabaseOptions.fullDisk). */
  fullDisk = false,
): OpenedMetrics {
  const file = join(dataDir, metricsFileName);
  const open = (): SqliteDatabase =>
    openDatabase(file, {
      what: 'metrics database',
      synchronous: 'NORMAL',
      migrations: metricsMigrations,
      quickCheck: false,
      ...(fullDisk ? { fullDisk } : {}),
    });
  const replace = (reason: string): { db: SqliteDatabase; notice: string } => {
    const aside = moveAside(file, 'damaged', now());
    return {
      db: open(),
      notice:
        `The training curves database could not be read (${reason}). It was kept as ${aside} and a new ` +
        'one was started: the loss charts of earlier jobs are empty; the jobs themselves are unaffected.',
    };
  };
  const notices: string[] = [];
  let current: MetricsStore;
  try {
    current = createMetricsStore(open());
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError)) throw error;
    const fresh = replace(error.reason);
    current = createMetricsStore(fresh.db);
    notices.push(fresh.notice);
  }
  const guarded = <T>(use: (store: MetricsStore) => T): T => {
    try {
      return use(current);
    } catch (error) {
      if (!isCorruption(error)) throw error;
      try {
        current.close();
      } catch {
        // Closing a damaged file may fail too; it is being replaced either way.
      }
      const fresh = replace(error instanceof Error ? error.message : String(error));
      current = createMetricsStore(fresh.db);
      onLaterNotice(fresh.notice);
      return use(current);
    }
  };
  return {
    store: {
      append: (jobId, points) => guarded((store) => store.append(jobId, points)),
      read: (jobId, range) => guarded((store) => store.read(jobId, range)),
      remove: (jobId) => guarded((store) => store.remove(jobId)),
      close: () => current.close(),
    },
    notices,
  };
}

interface PointRow {
  step: number;
  loss: number | null;
  smoothed_loss: number | null;
  lr: number | null;
  epoch: number | null;
}

function createMetricsStore(db: SqliteDatabase): MetricsStore {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO metrics (job_id, step, loss, smoothed_loss, lr, epoch) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const appendAll = db.transaction((jobId: string, points: readonly MetricPoint[]) => {
    for (const p of points) insert.run(jobId, p.step, p.loss, p.smoothedLoss, p.lr, p.epoch);
  });
  const bounds = db.prepare(
    'SELECT COUNT(*) AS n, MIN(step) AS lo, MAX(step) AS hi FROM metrics WHERE job_id = ? AND step BETWEEN ? AND ?',
  );
  const all = db.prepare(
    'SELECT step, loss, smoothed_loss, lr, epoch FROM metrics WHERE job_id = ? AND step BETWEEN ? AND ? ORDER BY step',
  );
  // Bucket b holds the steps from lo + b*width/maxPoints on; parameters bind as REAL, so floor explicitly.
  const bucketed = db.prepare(
    `SELECT MAX(step) AS step, AVG(loss) AS loss, AVG(smoothed_loss) AS smoothed_loss, AVG(lr) AS lr,
            MAX(epoch) AS epoch
       FROM metrics WHERE job_id = @jobId AND step BETWEEN @lo AND @hi
      GROUP BY CAST(((step - @lo) * @maxPoints) / @width AS INTEGER) ORDER BY step`,
  );
  const removeAll = db.prepare('DELETE FROM metrics WHERE job_id = ?');
  const toPoint = (r: PointRow): MetricPoint => ({
    step: r.step,
    loss: r.loss,
    smoothedLoss: r.smoothed_loss,
    lr: r.lr,
    epoch: r.epoch,
  });

  return {
    append: (jobId, points) => appendAll(jobId, points),
    read(jobId, range) {
      const from = range.fromStep ?? 0;
      const to = range.toStep ?? Number.MAX_SAFE_INTEGER;
      const b = bounds.get(jobId, from, to) as { n: number; lo: number | null; hi: number | null };
      if (b.n <= range.maxPoints || b.lo === null || b.hi === null) {
        const rows = all.all(jobId, from, to) as PointRow[];
        return { jobId, points: rows.map(toPoint), stored: b.n, downsampled: false };
      }
      const rows = bucketed.all({
        jobId,
        lo: b.lo,
        hi: b.hi,
        maxPoints: range.maxPoints,
        width: b.hi - b.lo + 1,
      }) as PointRow[];
      return { jobId, points: rows.map(toPoint), stored: b.n, downsampled: true };
    },
    remove: (jobId) => removeAll.run(jobId),
    close: () => db.close(),
  };
}
