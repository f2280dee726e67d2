/**
 * `npm run test:fuzz`: Schemathesis against the built `dpgui serve`, run as nobody on a throwaway
 * folder; prints the number of cases and fails on any finding. With --skip-without-venv (as `npm test`
 * runs it) a machine where the venv cannot be made skips it with the reason instead of failing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureSchemathesis,
  launchFuzzHost,
  makeFuzzPlace,
  nobody,
  removeFuzzPlace,
  runSchemathesis,
  userIdOf,
} from './schemathesis-run';
import { seedFuzzData } from './seed-fuzz-data';
import { unbanner } from '../suite/test-counts';

const skipWithoutVenv = process.argv.includes('--skip-without-venv');
const cli = join(import.meta.dirname, '..', '..', 'out', 'headless', 'cli.js');
if (!existsSync(cli)) {
  console.error('test:fuzz: DPGui is not built; run `npm run build` first.');
  process.exit(1);
}

const venv = ensureSchemathesis();
if (!venv.ok) {
  console.log(`test:fuzz: skipped: ${venv.reason}.`);
  process.exit(skipWithoutVenv ? 0 : 1);
}

const place = makeFuzzPlace();
const host = await launchFuzzHost(place);
console.log(
  `test:fuzz: dpgui serve runs as uid ${userIdOf(host.pid)} on ${place.dataDir}, with a fake nvidia-smi.`,
);
let failed = true;
try {
  // Real jobs, datasets and presets, so that the channels taking an id are fuzzed past their 404.
  const seeded = await seedFuzzData(host, place.home, place.wrapper.length > 0 ? nobody : undefined);
  // Shown line by line, its pytest-like banners as plain lines (see unbanner).
  let pending = '';
  const run = await runSchemathesis(venv.schemathesis, host, place, {
    seeded,
    echo: (text) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${unbanner(line)}\n`);
    },
  });
  if (pending) console.log(unbanner(pending));
  const info = await fetch(`${host.origin}/api/app.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}` },
  });
  const alive = info.status === 200;
  console.log(
    `\ntest:fuzz: Schemathesis ran ${run.cases} test cases against ${run.operations} operations; ` +
      `${run.exitCode === 0 ? 'it found nothing' : 'it found failures (above)'}; ` +
      `after the run the host ${alive ? 'still answers app.info' : `answered app.info with ${info.status}`}.`,
  );
  const calls = run.seededCalls;
  const statuses = Object.entries(calls.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');
  const unreached = Object.entries(calls.byChannel)
    .filter(([, counts]) => counts.reached === 0)
    .map(([channel]) => channel);
  console.log(
    `test:fuzz: ${calls.total} calls named a seeded job, dataset or preset, on ` +
      `${Object.keys(calls.byChannel).length} channels (${statuses || 'none'}); ${calls.reached} of them ` +
      `were answered 2xx or 409${unreached.length > 0 ? `; none did on ${unreached.join(', ')}` : ', some on every one of those channels'}.`,
  );
  // A run where no seeded id got through would fuzz the id channels' 404 only: that is a failure too.
  failed = run.exitCode !== 0 || !alive || run.cases === 0 || calls.reached === 0;
  // The closing line in the form test runners end with (Schemathesis's own has no count of passed
  // tests); a failed run that no case explains counts as one failure.
  const failedCases = failed ? Math.max(1, run.failedCases) : run.failedCases;
  console.log(`fuzz: ${run.cases - run.failedCases} passed, ${failedCases} failed`);
} finally {
  await host.stop();
  if (failed) console.error(`test:fuzz: the host's output:\n${host.output()}`);
  removeFuzzPlace(place);
}
process.exit(failed ? 1 : 0);
