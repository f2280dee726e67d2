/**
 * host.fuzz_rss_delta: the memory a host keeps after a full Schemathesis run (the same run as
 * `npm run test:fuzz`), so a leak per request shows. Goal: at most 20 MB.
 *
 * "Keeps" means after a full garbage collection (asked for over the inspector, on loopback), both
 * before and after the run: garbage V8 has not collected yet is not kept. The figure without that
 * collection is recorded beside it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import {
  ensureSchemathesis,
  launchFuzzHost,
  makeFuzzPlace,
  removeFuzzPlace,
  residentMb,
  runSchemathesis,
} from '../../tests/fuzz/schemathesis-run';
import type { RunningHost } from '../../tests/support/launch-headless-host';
import type { BenchCase } from '../harness';

const settleMs = 2000;

/** A full collection in the host, through its inspector (the host prints the inspector's URL). */
async function collectGarbage(host: RunningHost): Promise<void> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(host.output())?.[1];
  if (!url) throw new Error(`the host printed no inspector URL:\n${host.output()}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  await new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { id?: number }).id === 1) resolve();
    });
    ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
  });
  ws.close();
  await sleep(settleMs);
}

const fuzzRssDelta: BenchCase = {
  name: 'host.fuzz_rss_delta',
  async run() {
    const venv = ensureSchemathesis();
    if (!venv.ok) return { value: Number.NaN, unit: 'MB', skipped: venv.reason };
    const place = makeFuzzPlace();
    const host = await launchFuzzHost(place, { NODE_OPTIONS: '--inspect=127.0.0.1:0' });
    try {
      // Baseline after the first requests (code paths loaded), as a user's host would be.
      for (let i = 0; i < 20; i++) {
        await fetch(`${host.origin}/api/app.info`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${host.token}` },
        });
      }
      await collectGarbage(host);
      const before = residentMb(host.pid);
      const run = await runSchemathesis(venv.schemathesis, host, place);
      await sleep(settleMs);
      const afterNoGc = residentMb(host.pid);
      await collectGarbage(host);
      const after = residentMb(host.pid);
      const info = await fetch(`${host.origin}/api/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}` },
      });
      return {
        value: after - before,
        unit: 'MB',
        goal: 20,
        rssBeforeMb: before,
        rssAfterMb: after,
        deltaWithoutGcMb: afterNoGc - before,
        cases: run.cases,
        operations: run.operations,
        findings: run.exitCode === 0 ? 0 : 'some (run npm run test:fuzz)',
        answersAfter: info.status === 200,
      };
    } finally {
      await host.stop();
      removeFuzzPlace(place);
    }
  },
};

export const fuzzCases: BenchCase[] = [fuzzRssDelta];
