/**
 * The worker thread that scans one dataset, so the host keeps answering requests meanwhile. It reads
 * the previous scan from the cache file, scans, writes the new cache, and posts progress and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScanJob, type ScanJob, type ScanWorkerMessage } from './scan-job';

const job = workerData as ScanJob;
try {
  const record = runScanJob(job, (progress) =>
    parentPort?.postMessage({ type: 'progress', progress } satisfies ScanWorkerMessage),
  );
  parentPort?.postMessage({ type: 'done', record } satisfies ScanWorkerMessage);
} catch (error) {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    code: (error as NodeJS.ErrnoException).code ?? null,
  } satisfies ScanWorkerMessage);
}
