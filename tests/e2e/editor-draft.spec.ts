// The editor's unsaved config is never lost: edited, then the page reloaded, then the host killed
// (SIGKILL) and started again on the same data folder — each time the draft is offered back intact.
// Undo and redo by keyboard, while the focus is in the field, move it back and forth.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../support/e2e-call';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';

let host: RunningHost;
const dataDir = newDataDir();
test.beforeAll(async () => {
  host = await launchHost({ dataDir });
});
test.afterAll(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
test.beforeEach(async ({ page }) => {
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
});

const rank = (page: Page) => page.locator('[data-field-path="network_dim"] input');

async function openEditor(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Editor', exact: true })).toBeVisible();
  await expect(rank(page)).toBeVisible();
}

/** The draft offer is shown; Restore puts the kept config back. */
async function restoreDraft(page: Page): Promise<void> {
  const offer = page.getByRole('region', { name: 'Unsaved config' });
  await expect(offer).toContainText('unsaved');
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(offer).toBeHidden();
}

test('a draft survives a reload and a killed host, and undo/redo by keyboard move the field back and forth', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host.url);
  await page.getByTestId('nav-editor').click();
  await openEditor(page);
  const shown = await rank(page).inputValue();
  expect(shown).not.toBe('48');

  await rank(page).fill('48');
  await expect(page.getByTestId('draft-status')).toContainText('Draft saved');

  // A reload: the editor opens with a new config, and offers the draft back.
  await page.reload();
  await openEditor(page);
  await expect(rank(page)).toHaveValue(shown);
  await restoreDraft(page);
  await expect(rank(page)).toHaveValue('48');

  // The host killed and started again on the same data folder and port (its key is kept there).
  const port = host.port;
  process.kill(host.pid, 'SIGKILL');
  await host.stop();
  const keyBefore = host.token;
  host = await launchHost({ dataDir, port });
  expect(host.token).toBe(keyBefore);
  await page.reload();
  await openEditor(page);
  await expect(rank(page)).toHaveValue(shown);
  await restoreDraft(page);
  await expect(rank(page)).toHaveValue('48');

  // Undo and redo are the editor's, also while typing in the field.
  await rank(page).fill('64');
  await expect(rank(page)).toHaveValue('64');
  await rank(page).focus();
  await page.keyboard.press('Control+z');
  await expect(rank(page)).toHaveValue('48');
  await page.keyboard.press('Control+Shift+z');
  await expect(rank(page)).toHaveValue('64');
  await page.keyboard.press('Control+z');
  await expect(rank(page)).toHaveValue('48');
  await page.keyboard.press('Control+y');
  await expect(rank(page)).toHaveValue('64');
  // The buttons do the same.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rank(page)).toHaveValue('48');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(rank(page)).toHaveValue('64');
  expect(errors).toEqual([]);
});

const fakeTrainer = join(import.meta.dirname, '..', 'fixtures', 'fake-trainers', 'fake_trainer.py');

test('a waiting job opens from its row menu to be edited in place, and from its page as a copy', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const call = (channel: string, data: object) => callApi(request, host, channel, data);
  await call('settings.set', {
    trainers: {
      sdScripts: { python: '', folder: '', env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: {
        python: execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim(),
        folder: '',
      },
    },
  });
  // Paused: the job waits, so it can be edited.
  await call('queue.pause', {});
  const job = await call('jobs.enqueue', {
    name: 'cats v1',
    config: {
      trainer: 'generic',
      family: 'hydra',
      values: { command: `{python} ${fakeTrainer} --seconds 300`, config: { lr: 0.0001 }, overrides: [] },
    },
    gpus: { count: 0 },
  });
  await page.goto(host.url);
  await expect(page.getByTestId('queue-view')).toBeVisible();
  await page.getByRole('button', { name: 'More actions for cats v1' }).click();
  await page.getByRole('menuitem', { name: 'Edit', exact: true }).click();
  await expect(page.getByTestId('editor-origin')).toContainText('cats v1');
  await page.getByRole('tab', { name: 'Queue' }).click();
  await page.getByLabel('Job name').fill('cats v2');
  await page.getByRole('button', { name: 'Save changes to the queued job' }).click();
  // The edited job took the old one's place; the old one is no longer waiting.
  await expect(page.getByTestId('job-name')).toHaveText('cats v2');
  const replaced = await call('jobs.get', { id: job.id as string });
  expect(replaced.status).toBe('canceled');

  // From the new job's page: a copy opens, and queues as a new job.
  await page.getByTestId('job-clone').click();
  await expect(page.getByTestId('editor-origin')).toContainText('cats v2');
  await page.getByRole('tab', { name: 'Queue' }).click();
  await expect(page.getByLabel('Job name')).toHaveValue('cats v2 (copy)');
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await expect(page.getByTestId('job-name')).toHaveText('cats v2 (copy)');
  expect(errors).toEqual([]);
});
