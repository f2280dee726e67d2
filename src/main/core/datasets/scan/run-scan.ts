/**
 * Starts a scan in a worker thread. From source (tests, `tsx`) the worker loads the TypeScript entry
 * through tsx; from a build it loads `dataset-scan-worker.js` beside the bundle. Where neither exists the
 * scan runs in this thread after the current request (and says so once in the log). A running scan can
 * be stopped: its worker is terminated, and nothing it posts afterwards is delivered.
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

/** The result of a scan that was stopped before it finished. */
export class ScanStoppedError extends Error {
  constructor() {
    super('The scan was stopped.');
    this.name = 'ScanStoppedError';
  }
}

export interface RunningScan {
  /** The scan record; rejects with ScanStoppedError once `stop` was called. */
  result: Promise<ScanRecord>;
  /** Stops the scan; resolves once its worker has exited (or after `exitWaitMs`, if a system call holds it). */
  stop(): Promise<void>;
}

/** A worker blocked in a system call (a hung network mount) exits only when the call returns. */
const exitWaitMs = 5000;

type WorkerStart = { kind: 'worker'; start: (job: ScanJob) => Worker } | { kind: 'in-process' };

let cachedStart: WorkerStart | undefined;

function workerStart(): WorkerStart {
  if (cachedStart) return cachedStart;
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./scan-worker.ts', here).href;
    const cjsApi = createRequire(here).resolve('tsx/esm/api');
    const tsxApi = pathToFileURL(cjsApi.replace(/index\.cjs$/, 'index.mjs')).href;
    // Dynamic imports only: the eval'd code is ESM when the host was started with --input-type=module.
    const bootstrap =
      "import('node:worker_threads').then(({ workerData }) => import(workerData.tsxApi)" +
      '.then((m) => { m.register(); return import(workerData.entry); }));';
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
): RunningScan {
  const start = workerStart();
  return start.kind === 'in-process'
    ? runInProcess(job, onProgress, log)
    : runInWorker(start.start(job), onProgress);
}

function runInProcess(
  job: ScanJob,
  onProgress: (progress: ScanProgress) => void,
  log: (line: string) => void,
): RunningScan {
  log('The dataset scan worker is not in this build; scanning in the main thread.');
  let stopped = false;
  const result = new Promise<ScanRecord>((resolve, reject) =>
    setImmediate(() => {
      // Synchronous here: only a stop that came before it started can stop it.
      if (stopped) return reject(new ScanStoppedError());
      try {
        resolve(runScanJob(job, onProgress));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return {
    result,
    stop: () => {
      stopped = true;
      return Promise.resolve();
    },
  };
}

function runInWorker(worker: Worker, onProgress: (progress: ScanProgress) => void): RunningScan {
  let settled = false;
  let settle: { resolve: (record: ScanRecord) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<ScanRecord>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (outcome: ScanRecord | Error): void => {
    if (settled) return;
    settled = true;
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: ScanWorkerMessage) => {
    // After a stop (or the end), whatever the worker still posts is dropped.
    if (settled) return;
    if (message.type === 'progress') onProgress(message.progress);
    else if (message.type === 'done') {
      finish(message.record);
      void worker.terminate();
    } else {
      finish(new ScanFailedError(message.message, message.code));
      void worker.terminate();
    }
  });
  worker.on('error', (error) => finish(error));
  worker.on('exit', (code) =>
    finish(new ScanFailedError(`The scan worker stopped (exit code ${code}).`, null)),
  );
  return {
    result,
    async stop() {
      finish(new ScanStoppedError());
      void worker.terminate();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, exitWaitMs)));
      await Promise.race([exited, waited]);
      clearTimeout(timer);
    },
  };
}
