import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractError } from '../../src/shared/contract';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';

let host: RunningHost;
test.beforeAll(async () => {
  host = await launchHost();
});
test.afterAll(async () => {
  await host.stop();
});
// These hosts have no trainer set up: skip the first-start setup (tests/e2e/settings.spec.ts covers it).
test.beforeEach(async ({ page }) => {
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
});

/** Console errors (a CSP violation, a failed request) fail the test that caused them. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true, animations: 'disabled' });
}

test('opens the served UI with its token and shows the app shell', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await expect(page.getByTestId('app-title')).toHaveText('DPGui');
  await expect(page.getByTestId('host-kind')).toContainText('Headless');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  for (const label of ['Queue', 'Editor', 'Datasets', 'GPUs', 'Settings']) {
    await expect(page.getByRole('navigation').getByText(label, { exact: true })).toBeVisible();
  }
  // The token leaves the address bar once it is read.
  expect(page.url()).not.toContain('token');
  await expect(page.getByTestId('queue-view')).toContainText('Queue');
  await shot(page, 'queue');

  await page.getByTestId('nav-gpus').click();
  await expect(page.getByTestId('gpus-view')).toContainText('GPUs');
  await shot(page, 'gpus');
  await page.getByTestId('nav-editor').click();
  await expect(page.getByRole('heading', { name: 'Editor', exact: true })).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('about')).toContainText(host.dataDir);
  await shot(page, 'settings');
  expect(errors).toEqual([]);
});

test('saves the colour scheme, keeps it across a reload, and follows changes made by another client', async ({
  page,
  request,
}) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const html = page.locator('html');

  await page.getByTestId('color-scheme').getByText('Dark', { exact: true }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await shot(page, 'settings-dark');

  await page.reload();
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');

  // Another client (a second browser tab, a script) changes it: this page follows without a reload.
  const answer = await request.post(`${host.origin}/api/settings.set`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { colorScheme: 'light' },
  });
  expect(answer.status()).toBe(200);
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  expect(errors).toEqual([]);
});

test('without the token the page says where the link comes from and the API answers 401', async ({
  page,
  request,
}) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByTestId('missing-token')).toContainText('dpgui serve');
  await shot(page, 'missing-token');
  const answer = await request.post(`${host.origin}/api/app.info`, { data: {} });
  expect(answer.status()).toBe(401);
  expect(await answer.json()).toMatchObject({ code: 'unauthorized' });
});

test('a forged Origin gets 403 and a schema-invalid payload gets the structured error naming the field', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${host.token}` };
  const forged = await request.post(`${host.origin}/api/settings.get`, {
    headers: { ...headers, Origin: 'http://attacker.example' },
    data: {},
  });
  expect(forged.status()).toBe(403);

  const invalid = await request.post(`${host.origin}/api/settings.set`, {
    headers,
    data: { colorScheme: 'sepia', fontSize: 3 },
  });
  expect(invalid.status()).toBe(400);
  const error = (await invalid.json()) as ContractError;
  expect(error.code).toBe('invalid_payload');
  expect(error.message).toContain('colorScheme must be one of');
  expect(error.details).toEqual([
    { path: 'fontSize', message: 'is not a known field' },
    { path: 'colorScheme', message: 'must be one of: "auto", "light", "dark"' },
  ]);
});

test('an unreadable settings file is kept aside and the user is told', async ({ page }) => {
  const dataDir = newDataDir();
  writeFileSync(join(dataDir, 'settings.json'), 'not json at all');
  const other = await launchHost({ dataDir });
  try {
    expect(other.output()).toContain('Notice: The settings file could not be used');
    await page.goto(other.url);
    await expect(page.getByTestId('notice')).toContainText('settings.json.unreadable-');
    await shot(page, 'notice');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('notice')).toHaveCount(0);
  } finally {
    await other.stop();
  }
});

test('after the host restarts with a new key, the page says to open the new link', async ({ page }) => {
  const dataDir = newDataDir();
  const first = await launchHost({ dataDir });
  await page.goto(first.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await first.stop();
  expect(first.output().trim().split('\n').at(-1)).toBe(
    'DPGui stopped. Running trainings go on and are followed again at the next start.',
  );
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'closed');

  const second = await launchHost({ dataDir, port: first.port, args: ['--new-key'] });
  try {
    expect(second.token).not.toBe(first.token);
    await expect(page.getByTestId('link-expired')).toBeVisible({ timeout: 15_000 });
    await shot(page, 'link-expired');
    // The new link works in the same tab.
    await page.goto(second.url);
    await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  } finally {
    await second.stop();
  }
});
