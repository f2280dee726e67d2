// The queue against `dpgui serve` with the fake nvidia-smi (two GPUs) and the fake trainer as a
// generic trainer's command: three jobs queued through the API, each asking for both GPUs, so one
// runs and two wait. Cancel (confirmed), retry, drag and keyboard moves, hold, pause and its wait
// reason, filter and search in the address, axe, and screenshots (test-results/screens/queue/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakeTrainer = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_trainer.py');

let host: RunningHost;

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

/** A generic-trainer job running the fake trainer for a while, on both GPUs. */
async function enqueue(request: APIRequestContext, name: string): Promise<string> {
  const job = await call(request, 'jobs.enqueue', {
    name,
    config: {
      trainer: 'generic',
      family: 'hydra',
      values: { command: `{python} ${fakeTrainer} --seconds 300`, config: { lr: 0.0001 }, overrides: [] },
    },
    gpus: { count: 2 },
  });
  return job.id as string;
}

const rows = (page: Page): Locator => page.getByTestId('queue-row');
const row = (page: Page, name: string): Locator =>
  rows(page).filter({ has: page.getByTestId('queue-name').getByText(name, { exact: true }) });

async function openQueue(page: Page, path = '/queue'): Promise<void> {
  await page.goto(`${host.origin}/#${path}`);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await expect(page.getByTestId('queue-view')).toBeVisible();
}

/** The list's own scrollbar to its end (a string: the tests' TypeScript has no DOM types). */
async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(`document.querySelector('[data-testid="queue-scroller"]').scrollTo(0, 1e9)`);
}

async function names(page: Page): Promise<string[]> {
  return rows(page).getByTestId('queue-name').allTextContents();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  const dataDir = newDataDir();
  const smi = join(dataDir, 'fake-nvidia-smi.json');
  writeFileSync(
    smi,
    JSON.stringify({
      gpus: [0, 1].map((i) => ({
        uuid: `GPU-9e0e0000-0000-4000-8000-00000000000${i}`,
        name: 'NVIDIA GeForce RTX 4090',
        memory_total: 24564,
        memory_used: 1,
        utilization: 0,
        temperature: 40,
      })),
      apps: [],
    }),
  );
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_CONFIG: smi,
    },
  });
  await call(request, 'settings.set', {
    trainers: {
      sdScripts: { python: '', folder: '', env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      // The interpreter itself (pyenv's shim is a script the host does not take for a Python).
      generic: {
        python: execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim(),
        folder: '',
      },
    },
  });
  // Queued while paused, then let go: the first takes both GPUs, the others wait for them.
  await call(request, 'queue.pause', {});
  for (const name of ['alpha', 'beta', 'gamma']) await enqueue(request, name);
  await call(request, 'queue.resume', {});
});

test.afterAll(async () => {
  await host.stop();
});

test('shows every job with its state and why it waits; cancel, retry, drag, keys, hold, pause', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(host.url);
  await openQueue(page);

  await expect(rows(page)).toHaveCount(3);
  expect(await names(page)).toEqual(['alpha', 'beta', 'gamma']);
  await expect(row(page, 'alpha')).toHaveAttribute('data-status', 'running');
  await expect(row(page, 'beta')).toHaveAttribute('data-status', 'queued');
  await expect(row(page, 'beta').getByTestId('queue-note')).toContainText('GPU');
  await expect(row(page, 'alpha').getByTestId('queue-status')).toHaveText('Running');
  // A running job cannot be retried: the button is there, greyed, with the reason.
  await expect(row(page, 'alpha').getByTestId('job-retry')).toHaveAttribute('aria-disabled', 'true');

  // Cancel the running one: confirmed first; then the next one gets the GPUs.
  await row(page, 'alpha').getByTestId('job-cancel').click();
  const dialog = page.getByRole('dialog', { name: 'Cancel "alpha"?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel the training' }).click();
  await expect(row(page, 'alpha')).toHaveAttribute('data-status', 'canceled');
  await expect(row(page, 'beta')).toHaveAttribute('data-status', 'running');

  // Retry it: a new job at the end.
  await row(page, 'alpha').getByTestId('job-retry').click();
  await expect(rows(page)).toHaveCount(4);
  expect(await names(page)).toEqual(['alpha', 'beta', 'gamma', 'alpha']);

  // The waiting ones only (the filter is in the address), then drag the retried one to the top.
  await page.getByTestId('queue-filter').getByText('Waiting').click();
  await expect(page).toHaveURL(/#\/queue\?state=waiting/);
  await expect(rows(page)).toHaveCount(2);
  expect(await names(page)).toEqual(['gamma', 'alpha']);
  const handle = rows(page).nth(1).getByTestId('queue-drag');
  const target = rows(page).nth(0);
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('rows not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
  await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => names(page)).toEqual(['alpha', 'gamma']);

  // The keyboard: select the first row, move it down.
  await page.getByRole('heading', { name: 'Queue' }).click();
  await page.keyboard.press('ArrowDown');
  await expect(rows(page).nth(0)).toHaveAttribute('aria-current', 'true');
  await expect(page).toHaveURL(/job=/);
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => names(page)).toEqual(['gamma', 'alpha']);

  // Hold one: it stays in its place, held, and says so.
  await row(page, 'gamma').getByTestId('job-hold').click();
  await expect(row(page, 'gamma')).toHaveAttribute('data-status', 'held');
  await expect(row(page, 'gamma').getByTestId('job-release')).toBeVisible();

  // Pause the queue: the waiting job says why it waits.
  await page.getByTestId('queue-pause').click();
  await expect(page.getByTestId('queue-pause')).toHaveText('Resume the queue');
  await expect(row(page, 'alpha').getByTestId('queue-note')).toContainText('The queue is paused');
  await expect(page.getByTestId('queue-summary')).toContainText('queue paused');

  // The queue's keys are in the shortcut help.
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const label of [
    'Move the selected job to the top',
    'Hold or release the selected job',
    'Cancel the selected job',
  ]) {
    await expect(help.getByText(label, { exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect(errors).toEqual([]);
});

test('the filter and the search live in the address and change the list', async ({ page }) => {
  await page.goto(host.url);
  await openQueue(page, '/queue?state=canceled');
  await expect(page.getByTestId('queue-filter').getByRole('radio', { name: 'Canceled' })).toBeChecked();
  await expect(rows(page)).toHaveCount(1);
  expect(await names(page)).toEqual(['alpha']);

  await page.getByTestId('queue-filter').getByText('All').click();
  await expect(page).toHaveURL(/#\/queue$/);
  await expect(rows(page)).toHaveCount(4);
  // "/" goes to the search field.
  await page.getByRole('heading', { name: 'Queue' }).click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('queue-search')).toBeFocused();
  await page.keyboard.type('gam');
  await expect(page).toHaveURL(/q=gam/);
  await expect(rows(page)).toHaveCount(1);
  expect(await names(page)).toEqual(['gamma']);

  // Nothing matches: the empty state offers the way back; a reload keeps the search.
  await page.getByTestId('queue-search').fill('no such job');
  await expect(page.getByTestId('queue-empty')).toContainText('No job matches');
  await page.reload();
  await expect(page.getByTestId('queue-search')).toHaveValue('no such job');
  await page.getByTestId('queue-clear-filter').click();
  await expect(rows(page)).toHaveCount(4);
  await expect(page).toHaveURL(/#\/queue$/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`passes axe (no critical or serious finding) and is photographed, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto(host.url);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await openQueue(page);
      await expect(rows(page)).toHaveCount(4);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        size.width,
      );
      await page.screenshot({
        path: `test-results/screens/queue/queue-${size.width}x${size.height}-${scheme}.png`,
        animations: 'disabled',
      });
      if (size.width === 1280) {
        const results = await new AxeBuilder({ page }).include('[data-testid="queue-view"]').analyze();
        const severe = results.violations
          .filter((v) => v.impact === 'critical' || v.impact === 'serious')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        expect(severe, scheme).toEqual([]);
      }
    }
  });
}

test('a long queue is paged as it scrolls and only the rows on screen are drawn', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  // More than two pages of jobs.list (200 a page); the queue is still paused, so they all wait.
  const count = 450;
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, k) =>
        enqueue(request, `bulk ${String(i + k).padStart(3, '0')}`),
      ),
    );
  }
  await page.goto(host.url);
  await openQueue(page, '/queue?q=bulk');
  await expect(page.getByTestId('queue-count')).toHaveText(`200 of ${count} jobs loaded`);
  // Scrolled to the end, the next pages come in; the list never draws more than a screenful or so.
  await expect(async () => {
    await scrollToEnd(page);
    await expect(page.getByTestId('queue-count')).toHaveText(`${count} jobs`, { timeout: 1000 });
  }).toPass();
  // The last row is there once scrolled to (the batches arrived in any order: by index, not by name).
  await scrollToEnd(page);
  await expect(rows(page).and(page.locator(`[data-index="${count - 1}"]`))).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(60);
});
