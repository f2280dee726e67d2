import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';

let host: RunningHost;
test.beforeAll(async () => {
  // A long data folder, to see how the Settings view wraps it in a narrow window.
  host = await launchHost({
    dataDir: join(newDataDir(), 'a-rather-long-folder-name', 'training-runs-for-the-workstation', 'DPGui'),
  });
});
test.afterAll(async () => {
  await host.stop();
});
// These hosts have no trainer set up: skip the first-start setup (tests/e2e/settings.spec.ts covers it).
test.beforeEach(async ({ page }) => {
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true, animations: 'disabled' });
}

test('a wrong key says so once, plainly, and never as an expired link (finding 8)', async ({ page }) => {
  const consoleText: string[] = [];
  page.on('console', (message) => consoleText.push(message.text()));
  await page.goto(`${host.origin}/#token=not-the-key`);
  await expect(page.getByTestId('link-rejected')).toContainText("This link's key is not valid for this host");
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'rejected');
  await expect(page.getByTestId('link-expired')).toHaveCount(0);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(1);
  expect(await page.locator('body').innerText()).not.toContain('`');
  await shot(page, 'link-rejected');
  // The key never shows in the console (it travels as a subprotocol, not in the socket's URL).
  expect(consoleText.join('\n')).not.toContain('not-the-key');
});

test('the browser sends the token only as a subprotocol, never in a URL (finding 9)', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  expect(sockets).toHaveLength(1);
  expect(sockets[0]).not.toContain('token');
  expect(
    await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)),
  ).not.toContain(host.token);
});

test('the current view is in the address, so a reload stays there (finding 8)', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  await expect(page).toHaveURL(/#\/settings$/);
  await page.reload();
  await expect(page.getByTestId('about')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('queue-view')).toContainText('Queue');
});

test('after a reconnect the page reads the state it may have missed (finding 8)', async ({
  page,
  request,
}) => {
  const html = page.locator('html');
  let deliver = true;
  const dropped: string[] = [];
  const pageSides: { close: () => Promise<void> }[] = [];
  // Between page and host: a tunnel we can make silent, then drop.
  await page.routeWebSocket(/\/api\/events/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (deliver) ws.send(message);
      else dropped.push(String(message));
    });
    pageSides.push(ws);
  });
  await request.post(`${host.origin}/api/settings.set`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { colorScheme: 'light' },
  });
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  deliver = false; // the tunnel stalls: the change below sends an event that never arrives
  await request.post(`${host.origin}/api/settings.set`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { colorScheme: 'dark' },
  });
  // The host sent the change and the tunnel swallowed it: the page still shows the old scheme.
  await expect.poll(() => dropped.some((message) => message.includes('settings.changed'))).toBe(true);
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  deliver = true;
  await pageSides[0]?.close(); // the tunnel drops; the page reconnects
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await request.post(`${host.origin}/api/settings.set`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { colorScheme: 'auto' },
  });
});

test('below 700 px the navigation folds behind a burger and the folder wraps between names (finding 8)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 600, height: 900 });
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  // Folded: the navigation is moved out of the window.
  await expect(page.getByTestId('nav-settings')).not.toBeInViewport();
  await page.getByTestId('nav-burger').click();
  await expect(page.getByTestId('nav-settings')).toBeInViewport();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('nav-settings')).not.toBeInViewport();
  const dataDir = page.getByTestId('data-dir');
  await expect(dataDir).toHaveText(host.dataDir);
  // Nothing sticks out sideways, and the folder breaks only between names: each name is one box on
  // one line, and the boxes sit on more than one line.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(600);
  const names = dataDir.locator(':scope > span');
  const boxes = await Promise.all((await names.all()).map((name) => name.boundingBox()));
  const lineHeight = Math.min(...boxes.map((box) => box?.height ?? Infinity));
  for (const box of boxes) expect(box?.height).toBeLessThan(lineHeight * 1.5);
  expect(new Set(boxes.map((box) => Math.round(box?.y ?? 0))).size).toBeGreaterThan(1);
  await shot(page, 'narrow-settings');
  await page.getByTestId('nav-burger').click();
  await shot(page, 'narrow-nav-open');
});
