// First start and Settings, as a newcomer meets them on a fresh data folder: the setup appears, a
// trainer folder and its venv are chosen through the folder picker, the doctor's report shows green /
// amber / red with its sentences, the GPUs show what holds them; skipping lands on the queue and
// Settings shows the installs; a changed grace period survives a reload; axe and screenshots
// (test-results/screens/settings/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');

/**
 * The host's home folder (where the picker opens) holds an sd-scripts checkout with a venv whose python
 * is the fake one; two fake GPUs, the second held by a stranger process.
 */
async function freshHost(): Promise<{ host: RunningHost; home: string }> {
  const home = mkdtempSync(join(tmpdir(), 'dpgui-settings-home-'));
  const bin = join(home, 'sd-scripts', 'venv', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(home, 'sd-scripts', 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  writeFileSync(join(bin, 'python'), `#!/bin/sh\nexec python3 ${fakePython} "$@"\n`);
  chmodSync(join(bin, 'python'), 0o755);
  mkdirSync(join(home, 'other-folder'));
  const dataDir = newDataDir();
  const smi = join(dataDir, 'fake-nvidia-smi.json');
  writeFileSync(
    smi,
    JSON.stringify({
      gpus: [0, 1].map((i) => ({
        uuid: `GPU-5e770000-0000-4000-8000-00000000000${i}`,
        name: 'NVIDIA GeForce RTX 4090',
        memory_total: 24564,
        memory_used: i === 1 ? 9000 : 1,
        utilization: i === 1 ? 87 : 0,
        temperature: 40 + i,
      })),
      apps: [
        {
          gpu_uuid: 'GPU-5e770000-0000-4000-8000-000000000001',
          pid: 4242,
          process_name: 'python',
          used_memory: 8990,
        },
      ],
    }),
  );
  const host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      HOME: home,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_CONFIG: smi,
    },
  });
  return { host, home };
}

async function settingsOf(request: APIRequestContext, host: RunningHost): Promise<Record<string, unknown>> {
  const answer = await request.post(`${host.origin}/api/settings.get`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: {},
  });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

async function expectNoSevereAxeFinding(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(severe, where).toEqual([]);
}

const sizes = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

async function photograph(page: Page, name: string, scheme: 'light' | 'dark'): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      size.width,
    );
    await page.screenshot({
      path: `test-results/screens/settings/${name}-${size.width}x${size.height}-${scheme}.png`,
      animations: 'disabled',
    });
  }
  await page.setViewportSize(sizes[0]);
}

let host: RunningHost;
let home: string;
test.beforeAll(async () => {
  ({ host, home } = await freshHost());
});
test.afterAll(async () => {
  await host.stop();
});

test('first start: choose the folder and venv in the picker, read the doctor, see the GPUs, skip to Settings', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(host.url);
  const setup = page.getByTestId('first-start');
  await expect(setup).toBeVisible();
  await expect(page).toHaveURL(/#\/setup$/);
  // What trainers.list says to set, for each trainer.
  await expect(page.getByTestId('install-sdScripts-message')).toContainText('sd-scripts');

  // The folder, through the picker, by keyboard: it opens at home; down to sd-scripts, Enter opens it.
  await page.getByTestId('install-sdScripts-folder-choose').click();
  const picker = page.getByRole('dialog');
  const list = picker.getByTestId('folder-list');
  await expect(list.getByRole('option', { name: 'sd-scripts' })).toBeVisible();
  await expect(list.getByRole('option')).toHaveText(['other-folder', 'sd-scripts']);
  await list.focus();
  await page.keyboard.press('End');
  await expect(list.getByRole('option', { name: 'sd-scripts' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(list.getByRole('option', { name: 'venv' })).toBeVisible();
  await expect(picker.getByRole('button', { name: 'sd-scripts' })).toBeVisible(); // the breadcrumb
  await picker.getByRole('button', { name: 'Choose', exact: true }).click();
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('install-sdScripts-folder')).toHaveValue(join(home, 'sd-scripts'));

  // The python: the picker opens in the trainer's folder, and choosing it finds the venv's python.
  await page.getByTestId('install-sdScripts-python-choose').click();
  await expect(picker.getByTestId('picker-choice')).toHaveText(join(home, 'sd-scripts'));
  await picker.getByRole('button', { name: 'Choose', exact: true }).click();
  await expect(page.getByTestId('install-sdScripts-python')).toHaveValue(
    join(home, 'sd-scripts', 'venv', 'bin', 'python'),
  );
  await expect
    .poll(async () => ((await settingsOf(request, host)).trainers as Record<string, unknown>).sdScripts)
    .toMatchObject({
      folder: join(home, 'sd-scripts'),
      python: join(home, 'sd-scripts', 'venv', 'bin', 'python'),
    });

  // The doctor ran (again) with it: the machine green, sd-scripts red (an empty checkout with a plain
  // python), the others amber (not set up); every row has its sentence.
  const report = page.getByTestId('doctor-report');
  await expect(report.getByTestId('doctor-sdScripts-checks')).toBeVisible({ timeout: 60_000 });
  await expect(report.getByTestId('doctor-machine').locator('tr[data-verdict="ok"]').first()).toContainText(
    'NVIDIA driver',
  );
  await expect(
    report.getByTestId('doctor-sdScripts-checks').locator('tr[data-verdict="fail"]').first(),
  ).toBeVisible();
  await expect(report.getByTestId('doctor-diffusionPipe').locator('[data-verdict="warn"]')).toBeVisible();
  const sentences = await report.locator('tr td:last-child').allInnerTexts();
  expect(sentences.length).toBeGreaterThan(3);
  for (const sentence of sentences) expect(sentence).toMatch(/\w/);
  expect(sentences.join('\n')).not.toMatch(/undefined|\.\./);

  // The GPUs with name, memory and what holds them.
  const gpus = page.getByTestId('gpu-summary');
  await expect(gpus).toContainText('NVIDIA GeForce RTX 4090');
  await expect(gpus).toContainText('of 24.0 GiB used');
  await expect(gpus).toContainText('python (pid 4242, 8990 MiB)');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expectNoSevereAxeFinding(page, `first start, ${scheme}`);
    await photograph(page, 'first-start', scheme);
    await page.getByTestId('doctor-sdScripts').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `test-results/screens/settings/first-start-doctor-1280x720-${scheme}.png`,
    });
  }
  // The picker too.
  await page.getByTestId('install-diffusionPipe-folder-choose').click();
  await expect(picker.getByTestId('folder-list').getByRole('option').first()).toBeVisible();
  await expectNoSevereAxeFinding(page, 'folder picker');
  await page.screenshot({ path: 'test-results/screens/settings/folder-picker-1280x720-dark.png' });
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();

  // Skip: the queue, and the setup stays away after a reload (remembered in this browser).
  await page.getByTestId('first-start-skip').click();
  await expect(page).toHaveURL(/#\/queue$/);
  await page.reload();
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await expect(page).toHaveURL(/#\/queue$/);
  await expect(setup).toBeHidden();

  // Settings shows the installs as set, and leads back to the setup.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('install-sdScripts-folder')).toHaveValue(join(home, 'sd-scripts'));
  await expect(page.getByTestId('about')).toContainText(host.dataDir);
  await page.getByTestId('open-first-start').click();
  await expect(setup).toBeVisible();
});

test('a changed cancel grace period is saved and still there after a reload; Settings passes axe', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  // Skipped before, in this browser.
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const grace = page.getByTestId('setting-stopGraceSeconds');
  await expect(grace).toHaveValue('15');
  // Label and help from the settings schema.
  await expect(page.getByText('Stop grace period (s)')).toBeVisible();
  await expect(page.getByText(/before it is killed \(SIGKILL\)/)).toBeVisible();

  await grace.fill('5000');
  await grace.press('Enter');
  await expect(
    page.getByText('"Stop grace period (s)" is at most 3600; type a smaller number.'),
  ).toBeVisible();
  await grace.fill('42');
  await grace.press('Tab');
  await expect.poll(async () => (await settingsOf(request, host)).stopGraceSeconds).toBe(42);
  await page.getByTestId('setting-requeueInterrupted').click();
  await expect.poll(async () => (await settingsOf(request, host)).requeueInterrupted).toBe(true);

  await page.reload();
  await expect(page.getByTestId('setting-stopGraceSeconds')).toHaveValue('42');
  await expect(page.getByTestId('setting-requeueInterrupted')).toBeChecked();

  // Excluding a GPU reaches the host, and un-excluding it too.
  const exclusions = page.getByTestId('excluded-gpus');
  await exclusions.getByRole('checkbox').first().check();
  await expect
    .poll(async () => (await settingsOf(request, host)).excludedGpus)
    .toEqual(['GPU-5e770000-0000-4000-8000-000000000000']);
  await exclusions.getByRole('checkbox').first().uncheck();
  await expect.poll(async () => (await settingsOf(request, host)).excludedGpus).toEqual([]);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expectNoSevereAxeFinding(page, `settings, ${scheme}`);
    await photograph(page, 'settings', scheme);
  }
});
