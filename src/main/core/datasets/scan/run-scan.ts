/**
 * Starts a scan in a worker thread. From source (tests, `tsx`) the worker loads the TypeScript entry
 * through tsx; from a build it loads `dataset-scan-worker.js` beside the bundle. Where neither exists the
 * scan runs in this thread after the current request (and says so once in the log).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runScanJob, type ScanJob, type ScanWorkerMessage } from './scan-job';
import type { ScanProgress, ScanRecord } from './scan-record';

export class ScanFailedError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.name = 'ScanFailedError';
    this.code = code;
  }
}

type WorkerStart = { kind: 'worker'; start: (job: ScanJob) => Worker } | { kind: 'in-process' };

let cachedStart: WorkerStart | undefined;

function workerStart(): WorkerStart {
  if (cachedStart) return cachedStart;
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./scan-worker.ts', here).href;
    const cjsApi = createRequire(here).resolve('tsx/esm/api');
    const tsxApi = pathToFileURL(cjsApi.replace(/index\.cjs$/, 'index.mjs')).href;
    const bootstrap =
      "const { workerData } = require('node:worker_threads');" +
      'import(workerData.tsxApi).then((m) => { m.register(); return import(workerData.entry); });';
    cachedStart = {
      kind: 'worker',
      start: (job) => new Worker(bootstrap, { eval: true, workerData: { ...job, tsxApi, entry } }),
    };
  } else {
    const built = new URL('./dataset-scan-worker.js', here);
    cachedStart = existsSync(fileURLToPath(built))
      ? { kind: 'worker', start: (job) => new Worker(built, { workerData: job }) }
      : { kind: 'in-process' };
  }
  return cachedStart;
}

export function runScan(
  job: ScanJob,
  onProgress: (progress: ScanProgress) => void,
  log: (line: string) => void = () => {},
): Promise<ScanRecord> {
  const start = workerStart();
  if (start.kind === 'in-process') {
    log('The dataset scan worker is not in this build; scanning in the main thread.');
    return new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(runScanJob(job, onProgress));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const worker = start.start(job);
    let settled = false;
    worker.on('message', (message: ScanWorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.record);
        void worker.terminate();
      } else {
        settled = true;
        reject(new ScanFailedError(message.message, message.code));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new ScanFailedError(`The scan worker stopped (exit code ${code}).`, null));
      settled = true;
    });
  });
}
