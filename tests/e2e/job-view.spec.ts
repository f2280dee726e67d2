// A job's own page against `dpgui serve` with the fake nvidia-smi (two GPUs) and the fake interpreter
// as the sd-scripts install's python (tests/fixtures/fake-trainers/fake_python.py), which replays the
// real sd-scripts run's bytes: three jobs queued through the API. On the running one's page the log
// streams, the header's step advances, the loss chart draws, a sample image appears; then the host is
// killed (SIGKILL; the trainer lives on) and started again on the same data folder, port and key, and
// the page reconnects by itself with the log going on without a gap or a repeated line. A failed job
// puts its reason, hint and last lines first. axe, the keyboard, and screenshots of every tab
// (test-results/screens/job/). The queue's actions are queue.spec.ts's, the GPUs page gpus.spec.ts's.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';
import { tinyPng } from '../support/tiny-png';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const oomStderr = join(repoRoot, '..', 'shared', 'fixtures', 'real-gpu-h100', 'oom.stderr');
const tabs = ['log', 'loss', 'samples', 'checkpoints', 'config'] as const;

let host: RunningHost;
let root: string;
let hostEnv: NodeJS.ProcessEnv;
const ids: Record<'watched' | 'broken' | 'waiting', string> = { watched: '', broken: '', waiting: '' };

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

interface StarterConfig {
  trainer: string;
  family: string;
  values: Record<string, unknown> & { subsets: Record<string, unknown>[] };
}
let starter: StarterConfig;

/** The SD 1.5 starter with its paths filled in; the fake trainer is told `fakeArgs` through its output folder. */
function sdJob(name: string, fakeArgs: string[], gpuCount = 1) {
  const config = structuredClone(starter);
  const output = join(root, 'out', name);
  mkdirSync(output, { recursive: true });
  writeFileSync(join(output, 'fake-trainer-args.json'), JSON.stringify(fakeArgs));
  Object.assign(config.values, {
    pretrained_model_name_or_path: join(root, 'model.safetensors'),
    output_dir: output,
  });
  config.values.subsets[0] = { ...config.values.subsets[0], image_dir: join(root, 'images') };
  return { name, config, gpus: { count: gpuCount } };
}

async function openJob(page: Page, id: string, tab = 'log'): Promise<void> {
  await page.goto(`${host.origin}/#/jobs/${id}${tab === 'log' ? '' : `?tab=${tab}`}`);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('job-header')).toBeVisible();
}

const stepOf = async (page: Page): Promise<number> =>
  Number(/^(\d+)/.exec((await page.getByTestId('job-step').textContent()) ?? '')?.[1] ?? -1);

/** The number of the last log line painted (the list is virtual: lines come and go as it scrolls). */
const lastPainted = (page: Page): Promise<number> =>
  page.evaluate<number>(
    `Math.max(-1, ...Array.from(document.querySelectorAll('[data-testid="log-line"]'), (el) => Number(el.dataset.line)))`,
  );

const dataPoints = async (page: Page): Promise<number> =>
  Number((await page.getByTestId('loss-chart').getAttribute('data-points')) ?? -1);

/**
 * Records every log line the page paints, as it paints it (the list is virtual: only a screenful is in
 * the page at a time), and whether a gap row was ever shown. A string: the tests have no DOM types.
 */
const recordPaintedLines = `(() => {
  const seen = { lines: {}, conflicts: [], gap: false };
  window.__painted = seen;
  const record = () => {
    for (const el of document.querySelectorAll('[data-testid="log-line"]')) {
      const n = el.getAttribute('data-line');
      const text = Array.from(el.children).slice(1).map((c) => c.textContent).join('');
      if (n in seen.lines && seen.lines[n] !== text) seen.conflicts.push([n, seen.lines[n], text]);
      seen.lines[n] = text;
    }
    if (document.querySelector('[data-testid="log-gap"]')) seen.gap = true;
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-line'],
  });
  record();
})()`;

/**
 * Scrolls the log up half a screen at a time, each step once the list painted it (its rows changed, or
 * two frames passed where nothing needed painting), until line `line` is painted; answers the first
 * line painted then.
 */
const scrollUpTo = (line: number): string => `(async () => {
  const scroller = Array.from(document.querySelectorAll('[data-testid="job-log-scroller"]')).at(-1);
  const lowest = () => Math.min(...Array.from(document.querySelectorAll('[data-testid="log-line"]'), (el) => Number(el.dataset.line)));
  const painted = () => new Promise((resolve) => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
    observer.observe(scroller, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-line'] });
    requestAnimationFrame(() => requestAnimationFrame(() => { observer.disconnect(); resolve(); }));
  });
  while (lowest() > ${line}) {
    const top = scroller.scrollTop;
    const next = painted();
    scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 2);
    await next;
    if (top === 0) break;
  }
  return lowest();
})()`;

interface Painted {
  lines: Record<string, string>;
  conflicts: [string, string, string][];
  gap: boolean;
}
const painted = (page: Page): Promise<Painted> => page.evaluate<Painted>('window.__painted');

/** The fake trainer's numbered lines ("step 12 loss 0.0012") among the painted ones, by line number. */
function numbered(seen: Painted): { line: number; n: number; text: string }[] {
  return Object.entries(seen.lines)
    .map(([line, text]) => ({
      line: Number(line),
      text,
      n: Number(/^step (\d+) loss /.exec(text)?.[1] ?? NaN),
    }))
    .filter((entry) => !Number.isNaN(entry.n))
    .sort((a, b) => a.line - b.line);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  test.setTimeout(90_000);
  chmodSync(fakePython, 0o755);
  const dataDir = newDataDir();
  root = join(dataDir, 'world');
  mkdirSync(join(root, 'images'), { recursive: true });
  mkdirSync(join(root, 'sd-scripts'));
  writeFileSync(join(root, 'model.safetensors'), 'not really a model');
  writeFileSync(join(root, 'images', 'a.png'), 'not really an image');
  writeFileSync(join(root, 'images', 'a.txt'), 'a caption');
  hostEnv = {
    ...process.env,
    PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    FAKE_NVIDIA_SMI_GPUS: '2',
  };
  host = await launchHost({ dataDir, env: hostEnv });
  await call(request, 'settings.set', {
    trainers: {
      sdScripts: { python: fakePython, folder: join(root, 'sd-scripts'), env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: '', folder: '' },
    },
  });
  starter = (await call(request, 'presets.get', { id: 'builtin:sd-scripts-sd15-lora' }))
    .config as StarterConfig;
  await call(request, 'queue.pause', {});
  // Watched: the real run's 10 steps at 0.7 times their pace (about 1 a second and a half), a
  // checkpoint at step 5, then a numbered line every 200 ms until canceled.
  const watched = sdJob('lora, watched', [
    '--replay',
    'plain_split_unbuf',
    '--speed',
    '0.7',
    '--write',
    join(root, 'out', 'lora, watched', 'my_lora-step00000005.safetensors'),
    '--print-rate',
    '5',
    '--seconds',
    '600',
  ]);
  ids.watched = (await call(request, 'jobs.enqueue', watched)).id as string;
  ids.broken = (await call(request, 'jobs.enqueue', sdJob('lora, out of memory', ['--crash', oomStderr])))
    .id as string;
  ids.waiting = (
    await call(
      request,
      'jobs.enqueue',
      // Started once the watched one is canceled (the restart test): the same replay, then numbered lines.
      sdJob(
        'lora on both GPUs',
        ['--replay', 'plain_split_unbuf', '--speed', '0.7', '--print-rate', '5', '--seconds', '600'],
        2,
      ),
    )
  ).id as string;
});

test.afterAll(async ({ request }) => {
  // Trainings outlive the host by design: end them first.
  for (const id of Object.values(ids)) {
    const job = await call(request, 'jobs.get', { id });
    if ((job.abilities as { cancel: { allowed: boolean } }).cancel.allowed)
      await call(request, 'jobs.cancel', { id });
  }
  await host.stop();
});

test('a running job streams its log, progress, loss and a sample on its page', async ({ page, request }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);
  await openJob(page, ids.watched);
  await expect(page.getByTestId('job-name')).toHaveText('lora, watched');
  await expect(page.getByTestId('job-status')).toHaveText('Queued');
  await call(request, 'queue.resume', {});

  // It starts; its log streams in.
  await expect(page.getByTestId('job-status')).toHaveText('Running');
  await expect(page.getByTestId('log-line').first()).toBeVisible({ timeout: 60_000 });
  const firstLast = await lastPainted(page);
  await expect.poll(() => lastPainted(page), { timeout: 60_000 }).toBeGreaterThan(firstLast);

  // Its steps advance in the header.
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('job-step')).toContainText('/ 10');
  const stepSeen = await stepOf(page);
  await expect(page.getByTestId('job-phase')).toHaveText('Training');

  // The loss chart draws, and grows as steps come.
  await page.getByTestId('job-tab-loss').click();
  await expect(page).toHaveURL(/\?tab=loss/);
  await expect.poll(() => dataPoints(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  const pointsSeen = await dataPoints(page);
  await expect.poll(() => dataPoints(page), { timeout: 60_000 }).toBeGreaterThan(pointsSeen);
  expect(await stepOf(page)).toBeGreaterThan(stepSeen);

  // A sample image appears in the grid (a real PNG, as sd-scripts names it, written while it runs).
  const samples = join(root, 'out', 'lora, watched', 'sample');
  mkdirSync(samples, { recursive: true });
  writeFileSync(join(samples, '.writing.png'), tinyPng());
  renameSync(join(samples, '.writing.png'), join(samples, 'my_lora_000005_00_20260101120000.png'));
  await page.getByTestId('job-tab-samples').click();
  const tile = page.getByTestId('sample-tile').first();
  await expect(tile).toHaveAttribute('data-step', '5', { timeout: 60_000 });
  await expect(tile.locator('img')).toHaveAttribute('src', /^blob:/);
  await expect
    .poll(() =>
      page.evaluate<number>(`document.querySelector('[data-testid="sample-tile"] img')?.naturalWidth ?? 0`),
    )
    .toBe(64);

  // Back on the log (Back: the tabs are in the address), following the numbered lines of the fake trainer.
  await page.goBack();
  await expect(page).toHaveURL(/\?tab=loss/);
  await page.getByTestId('job-tab-log').click();
  await expect(page).not.toHaveURL(/tab=/);
  expect(errors).toEqual([]);
});

test('a failed job puts its reason, hint and last log lines above everything', async ({ page }) => {
  await page.goto(host.url);
  await openJob(page, ids.broken);
  await expect(page.getByTestId('job-status')).toHaveText('Failed');
  const failure = page.getByTestId('job-failure');
  await expect(failure).toContainText(/memory/i);
  await expect(page.getByTestId('job-failure-lines')).toContainText('OutOfMemoryError');
  // First on the page, before the name and the actions.
  const [failureBox, nameBox] = await Promise.all([
    failure.boundingBox(),
    page.getByTestId('job-name').boundingBox(),
  ]);
  expect(failureBox && nameBox && failureBox.y < nameBox.y).toBe(true);
  // A failed job cannot be canceled (greyed, with the reason) but can be retried.
  await expect(page.getByTestId('job-cancel')).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('job-retry')).toHaveAttribute('aria-disabled', 'false');
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({
      path: `test-results/screens/job/failed-1280x720-${scheme}.png`,
      animations: 'disabled',
    });
  }
});

test('sd-scripts cannot save on request: the button says why and offers Stop instead', async ({ page }) => {
  await page.goto(host.url);
  await openJob(page, ids.watched);
  await expect(page.getByTestId('job-status')).toHaveText('Running');
  await expect(page.getByTestId('job-save')).toHaveAttribute('aria-disabled', 'true');
  const stop = page.getByTestId('job-stop');
  await expect(stop).toHaveAttribute('aria-disabled', 'false');
  await stop.hover();
  await expect(page.getByRole('tooltip')).toContainText('resume it later');
  await stop.click();
  const dialog = page.getByRole('dialog', { name: 'Stop "lora, watched"?' });
  await expect(dialog).toContainText('Resume');
  // Kept running: the screenshots below show it live.
  await dialog.getByRole('button', { name: 'Keep it running' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('job-status')).toHaveText('Running');
});

test('the tabs and the actions are reachable by keyboard, with their keys in the help', async ({ page }) => {
  await page.goto(host.url);
  await openJob(page, ids.watched);
  await page.getByTestId('job-name').click();
  for (const [key, tab] of [
    ['g', 'loss'],
    ['s', 'samples'],
    ['k', 'checkpoints'],
    ['i', 'config'],
    ['l', 'log'],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', tab);
  }
  await page.keyboard.press(']');
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', 'loss');
  await page.goBack();
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', 'log');
  await page.goForward();
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', 'loss');

  // Tab from the back link reaches every action and the selected tab; the arrows move between tabs.
  await page.getByRole('link', { name: '← All jobs in the queue' }).focus();
  const reached = new Set<string>();
  for (let i = 0; i < 30 && !reached.has('job-tab-loss'); i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate<string>('document.activeElement?.getAttribute("data-testid") ?? ""');
    reached.add(id);
  }
  for (const id of [
    'job-save',
    'job-stop',
    'job-cancel',
    'job-retry',
    'job-resume',
    'job-hold',
    'job-delete',
    'job-edit',
    'job-clone',
    'job-tab-loss',
  ])
    expect(reached, id).toContain(id);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('job-tab-samples')).toBeFocused();
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', 'samples');

  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const label of ['Show the Log tab', 'Show the Loss tab', 'Show the Config tab', 'Show the next tab'])
    await expect(help.getByText(label, { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`every tab passes axe (no critical or serious finding) and is photographed, ${scheme}`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto(host.url);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      for (const tab of tabs) {
        await openJob(page, ids.watched, tab);
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        const ready = {
          log: page.getByTestId('log-line').first(),
          loss: page.getByTestId('loss-chart'),
          samples: page.getByTestId('sample-tile').first(),
          checkpoints: page.getByTestId('checkpoint-row').first(),
          config: page.getByTestId('config-file').first(),
        }[tab];
        await expect(ready).toBeVisible();
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: `test-results/screens/job/job-${tab}-${size.width}x${size.height}-${scheme}.png`,
          animations: 'disabled',
        });
        if (size.width === 1280) {
          const results = await new AxeBuilder({ page }).include('[data-testid="job-page"]').analyze();
          const severe = results.violations
            .filter((v) => v.impact === 'critical' || v.impact === 'serious')
            .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
          expect(severe, `${tab}, ${scheme}`).toEqual([]);
        }
      }
    }
  });
}

test('the page open while the host is killed and started again reconnects, and its log goes on without a gap or a repeat', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);
  // The two-GPU job starts once the watched one ends: its page is open from before its first line.
  await openJob(page, ids.waiting);
  await page.evaluate(recordPaintedLines);
  await call(request, 'jobs.cancel', { id: ids.watched });
  await expect(page.getByTestId('job-status')).toHaveText('Running', { timeout: 30_000 });

  // Killed just after the replay's end, where sd-scripts' last lines on stderr and stdout interleave
  // (its closing INFO lines and "saving checkpoint"), as the numbered lines begin: the restarted host
  // must not number the lines it reads again differently from the lines the page already shows.
  await expect.poll(async () => numbered(await painted(page)).length, { timeout: 90_000 }).toBeGreaterThan(2);
  const port = host.port;
  process.kill(host.pid, 'SIGKILL');
  await host.stop();
  await expect(page.getByTestId('status-connection')).not.toHaveAttribute('data-state', 'open');
  const lastBefore = Math.max(...Object.keys((await painted(page)).lines).map(Number));

  // Started again on the same data folder and port, as a user restarts it: the key kept in the data
  // folder is the same, so the page reconnects by itself, and the job (re-adopted, still running) goes
  // on: its replay ends and its numbered lines follow.
  const keyBefore = host.token;
  host = await launchHost({ dataDir: host.dataDir, port, env: hostEnv });
  expect(host.token).toBe(keyBefore);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('job-status')).toHaveText('Running');
  await expect
    .poll(async () => numbered(await painted(page)).length, { timeout: 90_000 })
    .toBeGreaterThan(10);

  // Lines that came in a burst at the reconnect scrolled by unpainted: stop following and scroll back
  // up to the first line, so every line of the log is painted.
  await page.getByTestId('log-follow').click();
  await expect(page.getByTestId('log-follow')).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate<number>(scrollUpTo(0))).toBe(0);

  // Every line painted once, numbered from 0 without a hole, no gap row.
  const seen = await painted(page);
  expect(seen.gap).toBe(false);
  expect(seen.conflicts).toEqual([]);
  const lines = Object.keys(seen.lines)
    .map(Number)
    .sort((a, b) => a - b);
  expect(lines.at(-1)).toBeGreaterThan(lastBefore);
  expect(lines).toEqual(lines.map((_, i) => i));
  // Each line is the host's line of that number (as the restarted host serves the log): none lost,
  // none shown twice under another number.
  const served = (await call(request, 'logs.read', {
    jobId: ids.waiting,
    fromLine: 0,
    count: lines.length,
  })) as {
    lines: { text: string }[];
  };
  const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
  const plain = (text: string): string => text.replace(escapes, '').trimEnd();
  expect(lines.map((line) => plain(seen.lines[line] ?? ''))).toEqual(
    served.lines.map((line) => plain(line.text)),
  );
  // The trainer's numbered lines, each once and in order.
  const steps = numbered(seen);
  const first = steps[0];
  if (!first) throw new Error('no numbered line painted');
  expect(first.n).toBe(0);
  expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i));
  await expect(page.getByTestId('log-gap')).toHaveCount(0);
  expect(errors).toEqual([]);
});
