// The GPUs page against `dpgui serve` with the fake nvidia-smi: three GPUs, the second held by a
// process DPGui did not start (a real one, so its command line can be read), the third excluded in
// the settings. Memory in numbers, the charts, axe, screenshots (test-results/screens/gpus/), and
// what the page says when nvidia-smi fails.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';

const repoRoot = join(import.meta.dirname, '..', '..');
const uuid = (i: number) => `GPU-fa4e0000-0000-4000-8000-00000000000${i}`;

let host: RunningHost;
let stranger: ChildProcess;
let smiConfig = '';

function writeSmi(config: object): void {
  writeFileSync(smiConfig, JSON.stringify(config));
}

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

async function openGpus(page: Page): Promise<void> {
  // The launch link first: the tab keeps its key for the address below.
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await page.goto(`${host.origin}/#/gpus`);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await expect(page.getByTestId('gpu-card')).toHaveCount(3);
}

test.beforeAll(async ({ request }) => {
  // A process that is not DPGui's, with a command line to recognise it by.
  stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'other-users-training.py']);
  const dataDir = newDataDir();
  smiConfig = join(dataDir, 'fake-nvidia-smi.json');
  writeSmi({
    gpus: [0, 1, 2].map((i) => ({
      uuid: uuid(i),
      name: i === 2 ? 'NVIDIA RTX A2000' : 'NVIDIA GeForce RTX 4090',
      memory_total: i === 2 ? 6138 : 24564,
      memory_used: i === 1 ? 9000 : i === 2 ? 410 : 1,
      utilization: i === 1 ? 87 : 0,
      temperature: 40 + i,
    })),
    apps: [{ gpu_uuid: uuid(1), pid: stranger.pid, process_name: 'python', used_memory: 8990 }],
  });
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_CONFIG: smiConfig,
    },
  });
  await call(request, 'settings.set', { excludedGpus: [uuid(2)] });
});

test.afterAll(async () => {
  await host.stop();
  stranger.kill();
});

test('shows each GPU with its memory, the stranger holding one by pid and command, and the excluded one', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await openGpus(page);

  const free = page.locator(`[data-testid="gpu-card"][data-uuid="${uuid(0)}"]`);
  await expect(free).toHaveAttribute('data-state', 'free');
  await expect(free.getByTestId('gpu-memory')).toHaveText('1 MiB of 24.0 GiB used');
  await expect(free.getByTestId('gpu-no-holders')).toBeVisible();

  const held = page.locator(`[data-testid="gpu-card"][data-uuid="${uuid(1)}"]`);
  await expect(held.getByTestId('gpu-state')).toHaveText('Used by another program');
  await expect(held.getByTestId('gpu-memory')).toHaveText('8.8 GiB of 24.0 GiB used');
  await expect(held).toContainText('87 % load');
  const holder = held.getByTestId('gpu-holder');
  await expect(holder).toHaveAttribute('data-kind', 'stranger');
  await expect(holder).toContainText(String(stranger.pid));
  await expect(holder).toContainText('other-users-training.py');
  await expect(holder).toContainText('Not started by DPGui');
  await expect(holder).toContainText('8.8 GiB');

  const excluded = page.locator(`[data-testid="gpu-card"][data-uuid="${uuid(2)}"]`);
  await expect(excluded.getByTestId('gpu-state')).toHaveText('Excluded');
  await excluded.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);

  // The charts are drawn (a canvas each) and follow the samples the host sends every 2 s.
  await page.goBack();
  await expect(page.getByTestId('gpu-chart').locator('canvas')).toHaveCount(3);
  await expect(page.getByTestId('gpu-chart').first()).toHaveAttribute('aria-label', /memory used and load/);
  expect(errors).toEqual([]);
});

test('a new sample changes the numbers without a reload', async ({ page }) => {
  await openGpus(page);
  const free = page.locator(`[data-testid="gpu-card"][data-uuid="${uuid(0)}"]`);
  writeSmi({
    gpus: [0, 1, 2].map((i) => ({
      uuid: uuid(i),
      name: 'NVIDIA GeForce RTX 4090',
      memory_total: 24564,
      memory_used: i === 0 ? 12282 : 1,
      utilization: i === 0 ? 55 : 0,
      temperature: 40,
    })),
    apps: [],
  });
  await expect(free.getByTestId('gpu-memory')).toHaveText('12.0 GiB of 24.0 GiB used');
  await expect(free).toContainText('55 % load');
  await expect(page.getByTestId('gpu-holder')).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`passes axe and is photographed at both sizes, ${scheme}`, async ({ page }) => {
    writeSmi({
      gpus: [0, 1, 2].map((i) => ({
        uuid: uuid(i),
        name: i === 2 ? 'NVIDIA RTX A2000' : 'NVIDIA GeForce RTX 4090',
        memory_total: i === 2 ? 6138 : 24564,
        memory_used: i === 1 ? 9000 : i === 2 ? 410 : 1,
        utilization: i === 1 ? 87 : 0,
        temperature: 40 + i,
      })),
      apps: [{ gpu_uuid: uuid(1), pid: stranger.pid, process_name: 'python', used_memory: 8990 }],
    });
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await openGpus(page);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expect(page.getByTestId('gpu-holder')).toHaveCount(1);
      await expect(page.getByTestId('gpu-chart').locator('canvas')).toHaveCount(3);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        size.width,
      );
      await page.screenshot({
        path: `test-results/screens/gpus/gpus-${size.width}x${size.height}-${scheme}.png`,
        animations: 'disabled',
      });
      const results = await new AxeBuilder({ page }).analyze();
      const severe = results.violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(severe, `${scheme} ${size.width}`).toEqual([]);
    }
  });
}

test('says what failed and what to do when nvidia-smi fails', async ({ page }) => {
  await openGpus(page);
  writeSmi({
    fail: {
      exit: 9,
      message: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    },
  });
  const notice = page.getByTestId('gpus-notice');
  await expect(notice).toContainText('nvidia-smi could not be read');
  await expect(notice).toContainText("couldn't communicate with the NVIDIA driver");
  await expect(notice).toContainText('Run nvidia-smi in a terminal');
  await expect(page.getByTestId('gpu-card')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/gpus/gpus-nvidia-smi-failed.png' });
});
