// The frame around every view: navigation by mouse and keyboard, the address as the place (reload,
// links, back/forward), the shortcut help, zoom, the theme before the first paint, the status bar,
// axe-core, and screenshots of each frame view at two sizes in both schemes (test-results/screens/frame/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';

const repoRoot = join(import.meta.dirname, '..', '..');

/** A host with two fake GPUs, the second held by a process DPGui did not start. */
async function hostWithGpus(): Promise<RunningHost> {
  const dataDir = newDataDir();
  const smi = join(dataDir, 'fake-nvidia-smi.json');
  writeFileSync(
    smi,
    JSON.stringify({
      gpus: [0, 1].map((i) => ({
        uuid: `GPU-fa4e0000-0000-4000-8000-00000000000${i}`,
        name: 'NVIDIA GeForce RTX 4090',
        memory_total: 24564,
        memory_used: i === 1 ? 9000 : 1,
        utilization: i === 1 ? 87 : 0,
        temperature: 40 + i,
      })),
      apps: [
        {
          gpu_uuid: 'GPU-fa4e0000-0000-4000-8000-000000000001',
          pid: 4242,
          process_name: 'python',
          used_memory: 8990,
        },
      ],
    }),
  );
  return launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_CONFIG: smi,
    },
  });
}

async function call(request: APIRequestContext, host: RunningHost, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

/** A generic-trainer job: valid with nothing on disk but a Python; with the queue paused it waits. */
async function enqueue(request: APIRequestContext, host: RunningHost, name: string): Promise<string> {
  await call(request, host, 'settings.set', {
    trainers: {
      sdScripts: { python: '', folder: '', env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: process.execPath, folder: '' },
    },
  });
  const job = await call(request, host, 'jobs.enqueue', {
    name,
    config: {
      trainer: 'generic',
      family: 'hydra',
      values: { command: '{python} train.py --config-path {run_dir}', config: { lr: 0.0001 }, overrides: [] },
    },
    gpus: { count: 1 },
  });
  return job.id as string;
}

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function opened(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
}

let host: RunningHost;
let jobId = '';
test.beforeAll(async ({ request }) => {
  host = await hostWithGpus();
  await call(request, host, 'queue.pause', {});
  jobId = await enqueue(request, host, 'rank 16, lr 1e-4');
});
test.afterAll(async () => {
  await host.stop();
});

test('navigates by clicking and by keyboard; the address names the view, reload and back/forward keep it', async ({
  page,
}) => {
  const errors = watchConsole(page);
  await opened(page, host.url);
  await expect(page).toHaveURL(/#\/queue$/);
  await expect(page.getByTestId('nav-queue')).toHaveAttribute('aria-current', 'page');

  await page.getByTestId('nav-gpus').click();
  await expect(page).toHaveURL(/#\/gpus$/);
  await expect(page.getByRole('heading', { level: 2, name: 'GPUs' })).toBeVisible();
  await expect(page).toHaveTitle('GPUs — DPGui');

  // Keyboard: a view's digit, then Tab to a link and Enter.
  await page.keyboard.press('5');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByTestId('about')).toBeVisible();
  await page.getByTestId('nav-datasets').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/datasets$/);
  await expect(page.getByTestId('datasets-view')).toContainText('Datasets');
  await page.keyboard.press('2');
  await expect(page.getByRole('heading', { name: 'Editor' })).toBeVisible();

  // A job's own page from its link; a reload lands on the same job.
  await page.goto(`${host.origin}/#/jobs/${jobId}`);
  await expect(page.getByTestId('job-name')).toHaveText('rank 16, lr 1e-4');
  await expect(page.getByTestId('nav-queue')).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-job-id', jobId);
  await expect(page.getByTestId('job-name')).toHaveText('rank 16, lr 1e-4');

  // Back and forward walk the views visited.
  await page.goBack();
  await expect(page).toHaveURL(/#\/editor$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/datasets$/);
  await expect(page.getByTestId('datasets-view')).toContainText('Datasets');
  await page.goForward();
  await page.goForward();
  await expect(page.getByTestId('job-name')).toHaveText('rank 16, lr 1e-4');

  // A link to no view, or to a job that is gone, says so and where to go.
  await page.goto(`${host.origin}/#/no-such-view`);
  await expect(page.getByTestId('not-found')).toContainText('Queue');
  await page.goto(`${host.origin}/#/jobs/not-a-job`);
  await expect(page.getByTestId('job-missing')).toContainText('not-a-job');
  expect(errors.filter((e) => !e.includes('404') && !/not.?found/i.test(e))).toEqual([]);
});

test('a shared link opened without the key lands on its job once the launch link is opened', async ({
  page,
}) => {
  await page.goto(`${host.origin}/#/jobs/${jobId}`);
  await expect(page.getByTestId('missing-token')).toBeVisible();
  await expect(page.getByTestId('kept-route')).toBeVisible();
  await page.goto(host.url); // pasted into the same tab
  await expect(page.getByTestId('job-name')).toHaveText('rank 16, lr 1e-4');
  expect(page.url()).toMatch(new RegExp(`#/jobs/${jobId}$`));
  expect(page.url()).not.toContain('token');
});

test('? opens the shortcut help, listing the frame’s keys; Escape closes it', async ({ page }) => {
  await opened(page, host.url);
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const label of [
    'Open Queue',
    'Open Settings',
    'Zoom in',
    'Zoom out',
    'Actual size',
    'Show these shortcuts',
  ]) {
    await expect(help.getByText(label, { exact: true })).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/screens/frame/help-1280x720-light.png' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // The header's button opens it too.
  await page.getByTestId('open-shortcuts').click();
  await expect(help).toBeVisible();
});

test('Ctrl+= / Ctrl+- / Ctrl+0 zoom the UI, and the zoom is remembered from the first paint on', async ({
  page,
}) => {
  await opened(page, host.url);
  const fontSize = () => page.evaluate<string>('document.documentElement.style.fontSize');
  const heading = page.getByRole('heading', { level: 2, name: 'Queue' });
  const before = (await heading.boundingBox())?.height ?? 0;

  await page.keyboard.press('Control+Equal');
  await page.keyboard.press('Control+Equal');
  expect(await fontSize()).toBe('125%');
  await expect(page.getByTestId('status-zoom')).toHaveText('Zoom 125 %');
  expect((await heading.boundingBox())?.height ?? 0).toBeGreaterThan(before * 1.2);

  await page.reload();
  await expect(page.getByTestId('status-zoom')).toHaveText('Zoom 125 %');
  await page.keyboard.press('Control+Minus');
  await expect(page.getByTestId('status-zoom')).toHaveText('Zoom 110 %');
  await page.keyboard.press('Control+0');
  await expect(page.getByTestId('status-zoom')).toHaveCount(0);
  expect(await fontSize()).toBe('100%');
  await page.keyboard.press('Control+Minus');
  expect(await fontSize()).toBe('90%');
});

test('the colour scheme and zoom are set before the app’s script runs (no white flash)', async ({ page }) => {
  await opened(page, host.url);
  await page.keyboard.press('5');
  await page.getByTestId('color-scheme').getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.keyboard.press('Control+Equal');

  // The app's own bundle never arrives: only boot.js and the stylesheet can have styled the page.
  await page.route(/\/assets\/index-[^/]*\.js$/, (route) => route.abort());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  expect(await page.evaluate<string>('document.documentElement.style.fontSize')).toBe('110%');
  expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).not.toBe(
    'rgb(255, 255, 255)',
  );
  await expect(page.getByTestId('app-title')).toHaveCount(0);
  await page.unroute(/\/assets\/index-[^/]*\.js$/);
  await page.reload();
  await page.getByTestId('color-scheme').getByText('Follow system', { exact: true }).click();
  await page.keyboard.press('Control+0');
});

test('the status bar shows the connection, the counts, the paused queue and the busy GPUs, live', async ({
  page,
  request,
}) => {
  const other = await hostWithGpus();
  try {
    await opened(page, other.url);
    await expect(page.getByTestId('status-jobs')).toContainText('0 running · 0 waiting');
    await expect(page.getByTestId('status-paused')).toHaveCount(0);
    await expect(page.getByTestId('status-gpus')).toContainText('1 of 2 GPUs busy');

    await call(request, other, 'queue.pause', {});
    await expect(page.getByTestId('status-paused')).toHaveText(/Queue paused/);
    await enqueue(request, other, 'waits');
    await expect(page.getByTestId('status-jobs')).toContainText('0 running · 1 waiting');
    await page.screenshot({ path: 'test-results/screens/frame/status-paused.png' });
    await call(request, other, 'queue.resume', {});
    await expect(page.getByTestId('status-paused')).toHaveCount(0);
  } finally {
    await other.stop();
  }
});

const frameViews = [
  { name: 'queue', path: '/queue', ready: 'queue-view' },
  { name: 'editor', path: '/editor', ready: 'editor-page' },
  { name: 'datasets', path: '/datasets', ready: 'datasets-view' },
  { name: 'gpus', path: '/gpus', ready: 'gpus-view' },
  { name: 'settings', path: '/settings', ready: 'about' },
  { name: 'job', path: '/jobs/JOB', ready: 'job-name' },
] as const;

for (const scheme of ['light', 'dark'] as const) {
  test(`every frame view passes axe (no critical or serious finding) and is photographed, ${scheme}`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // Reduced motion: Mantine then opens the help without a fade, so axe sees its final colours.
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await opened(page, host.url); // the launch link: the tab keeps its key for the links below
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      for (const view of frameViews) {
        await opened(page, `${host.origin}/#${view.path.replace('JOB', jobId)}`);
        await expect(page.getByTestId(view.ready)).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await expect(page.getByTestId('status-gpus')).toContainText('GPUs busy');
        // Nothing sticks out sideways at the smallest supported size.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: `test-results/screens/frame/${view.name}-${size.width}x${size.height}-${scheme}.png`,
          animations: 'disabled',
        });
        if (size.width === 1280) {
          const results = await new AxeBuilder({ page }).analyze();
          const severe = results.violations
            .filter((v) => v.impact === 'critical' || v.impact === 'serious')
            .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
          expect(severe, `${view.name}, ${scheme}`).toEqual([]);
        }
      }
    }
    // The help overlay too.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('Shift+Slash');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
    await page.screenshot({ path: `test-results/screens/frame/help-1280x720-${scheme}.png` });
  });
}
