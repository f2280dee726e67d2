// The Datasets page against `dpgui serve`: a folder with a missing caption added by its typed path
// shows its stats and the problem with what to do; a caption edited beside its image, and a bulk
// prepend previewed, applied and undone, are on disk exactly as the screen says at each step (the
// test reads the caption files); the window-wide drop in a browser says to type the path; screenshots
// at both sizes and schemes (test-results/screens/datasets/) pass axe.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchHost, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';
import { tinyPng } from '../support/tiny-png';

let host: RunningHost;
let root = '';

/** A folder of three images: a and b with captions, c without. */
function makeFolder(name: string): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, size] of [
    ['a.png', 64],
    ['b.png', 48],
    ['c.png', 32],
  ] as const)
    writeFileSync(join(folder, file), tinyPng(size));
  writeFileSync(join(folder, 'a.txt'), 'a cat, sitting');
  writeFileSync(join(folder, 'b.txt'), 'a dog');
  return folder;
}

const caption = (folder: string, name: string): string | null => {
  const path = join(folder, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
};

async function opened(page: Page, hash: string): Promise<void> {
  // No trainer is set up here: without the skip, the first start's redirect (/queue → /setup) could
  // land in the middle of the navigation below and abort it.
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
  // The launch link first: the tab keeps its key for the address below.
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await page.goto(`${host.origin}/#${hash}`);
  await expect(page.getByTestId('datasets-view')).toBeVisible();
}

async function registered(request: APIRequestContext, folder: string): Promise<string> {
  const dataset = await callApi(request, host, 'datasets.register', { path: folder });
  await callApi(request, host, 'datasets.scan', { id: dataset.id });
  return String(dataset.id);
}

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dpgui-e2e-datasets-'));
  host = await launchHost({});
});

test.afterAll(async () => {
  await host.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a folder added by its path shows its stats and its missing caption with what to do', async ({
  page,
}) => {
  const folder = makeFolder('stats');
  await opened(page, '/datasets');
  await page.getByTestId('add-folder-path').fill(folder);
  await page.getByTestId('add-folder').click();
  await expect(page.getByTestId('dataset-detail')).toBeVisible();
  await expect(page.getByTestId('stat-images')).toContainText('3');
  await expect(page.getByTestId('stat-captioned')).toContainText('2');
  await expect(page.getByTestId('stat-missing')).toContainText('1');
  await expect(page.getByTestId('thumb-tile')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'c.png, no caption' })).toBeVisible();

  await page.getByRole('tab', { name: 'Overview and problems' }).click();
  const problem = page.locator('[data-testid="dataset-problem"][data-kind="missing_caption"]');
  await expect(problem).toContainText('Images without a caption: 1');
  await expect(problem).toContainText('c.png');
  await expect(problem).toContainText('write its caption');
  await expect(page.getByTestId('dataset-aspects')).toContainText('1:1');

  await page.getByTestId('datasets-back').click();
  const row = page.getByTestId('dataset-row').filter({ hasText: 'stats' });
  await expect(row.getByTestId('dataset-images')).toHaveText('3 images');
  await expect(row).toContainText('1 missing');
  await expect(row.getByTestId('dataset-problems')).toHaveText('1 problem');
});

test('a caption edit and a bulk prepend, its preview, apply and undo are on disk as the screen says', async ({
  page,
  request,
}) => {
  const folder = makeFolder('captions');
  const id = await registered(request, folder);
  await opened(page, `/datasets?id=${id}`);

  // Edit a caption: saved when the field is left.
  await page.getByRole('button', { name: 'a.png', exact: true }).click();
  const text = page.getByTestId('caption-text');
  await expect(text).toHaveValue('a cat, sitting');
  await text.fill('a cat, sitting, indoors');
  await page.getByTestId('caption-file').click();
  await expect(page.getByTestId('caption-status')).toHaveText('Saved');
  expect(caption(folder, 'a.txt')).toBe('a cat, sitting, indoors');

  // Alt+↓ from inside the caption saves it and moves to the next image.
  await page.getByRole('button', { name: 'b.png', exact: true }).click();
  await expect(text).toHaveValue('a dog');
  await text.fill('a dog, running');
  await text.press('Alt+ArrowDown');
  await expect(page.getByTestId('caption-editor')).toHaveAttribute('data-path', 'c.png');
  await expect.poll(() => caption(folder, 'b.txt')).toBe('a dog, running');
  await expect(text).toHaveValue('');

  // Bulk prepend: the preview writes nothing.
  await page.getByRole('tab', { name: 'Bulk edit' }).click();
  await page.getByTestId('bulk-text').fill('sks');
  await page.getByTestId('bulk-preview').click();
  await expect(page.getByTestId('bulk-counts')).toContainText('3 captions change, 0 stay as they are');
  const change = (path: string) => page.locator(`[data-testid="bulk-change"][data-path="${path}"]`);
  await expect(change('a.png').getByTestId('bulk-before')).toHaveText('a cat, sitting, indoors');
  await expect(change('a.png').getByTestId('bulk-after')).toHaveText('sks, a cat, sitting, indoors');
  await expect(change('c.png').getByTestId('bulk-before')).toHaveText('no caption file');
  await expect(change('c.png').getByTestId('bulk-after')).toHaveText('sks');
  expect([caption(folder, 'a.txt'), caption(folder, 'b.txt'), caption(folder, 'c.txt')]).toEqual([
    'a cat, sitting, indoors',
    'a dog, running',
    null,
  ]);

  // Apply: the files are what the preview said, and the editor shows it.
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('bulk-outcome')).toContainText('Changed 3 captions');
  expect([caption(folder, 'a.txt'), caption(folder, 'b.txt'), caption(folder, 'c.txt')]).toEqual([
    'sks, a cat, sitting, indoors',
    'sks, a dog, running',
    'sks',
  ]);
  await page.getByRole('tab', { name: 'Images' }).click();
  await page.getByRole('button', { name: 'a.png', exact: true }).click();
  await expect(text).toHaveValue('sks, a cat, sitting, indoors');
  await expect(page.locator('[data-testid="tag"][data-tag="sks"]')).toContainText('3');

  // Undo: every caption as it was, the one the change created gone.
  await page.getByRole('tab', { name: 'Bulk edit' }).click();
  await page.getByTestId('bulk-undo').click();
  await expect(page.getByTestId('bulk-outcome')).toContainText('Put back 3 captions');
  expect([caption(folder, 'a.txt'), caption(folder, 'b.txt'), caption(folder, 'c.txt')]).toEqual([
    'a cat, sitting, indoors',
    'a dog, running',
    null,
  ]);
  await page.getByRole('tab', { name: 'Images' }).click();
  await expect(text).toHaveValue('a cat, sitting, indoors');
});

test('a tag filters the grid', async ({ page, request }) => {
  const folder = makeFolder('tags');
  const id = await registered(request, folder);
  await opened(page, `/datasets?id=${id}`);
  await expect(page.getByTestId('thumb-tile')).toHaveCount(3);
  await page.locator('[data-testid="tag"][data-tag="a dog"]').click();
  await expect(page.getByTestId('thumb-tile')).toHaveCount(1);
  await expect(page.getByTestId('thumb-tile')).toHaveAttribute('data-path', 'b.png');
  await expect(page).toHaveURL(/tag=a(\+|%20)dog/);
  await page.getByRole('button', { name: 'Stop filtering by a dog' }).click();
  await expect(page.getByTestId('thumb-tile')).toHaveCount(3);
});

test('a file dropped on the window in a browser shows the overlay, then says what a drop can do', async ({
  page,
}) => {
  await opened(page, '/datasets');
  // Page code as text: the tests' TypeScript has no DOM types.
  const drag = await page.evaluateHandle(`(() => {
    const data = new DataTransfer();
    data.items.add(new File(['x'], 'photo.png', { type: 'image/png' }));
    return data;
  })()`);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: drag });
  await expect(page.getByTestId('drop-overlay')).toContainText('type or paste its path in Datasets');
  await page.dispatchEvent('main', 'drop', { dataTransfer: drag });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByText('“photo.png” was dropped where no view uses files')).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`is photographed at both sizes and passes axe, ${scheme}`, async ({ page, request }) => {
    test.setTimeout(60_000);
    const folder = makeFolder(`screens-${scheme}`);
    const id = await registered(request, folder);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      const shoot = async (name: string) => {
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: `test-results/screens/datasets/${name}-${size.width}x${size.height}-${scheme}.png`,
          animations: 'disabled',
        });
        // axe once per scheme, at the smaller size (the larger one lays out the same elements).
        if (size.width !== 1280) return;
        const results = await new AxeBuilder({ page }).analyze();
        const severe = results.violations
          .filter((v) => v.impact === 'critical' || v.impact === 'serious')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        expect(severe, `${name} ${scheme} ${size.width}`).toEqual([]);
      };
      await opened(page, '/datasets');
      await expect(page.getByTestId('dataset-row').first()).toBeVisible();
      await shoot('list');
      await opened(page, `/datasets?id=${id}&file=a.png`);
      await expect(page.getByTestId('caption-text')).toHaveValue('a cat, sitting');
      await expect(page.getByTestId('thumb-tile').locator('img')).toHaveCount(3);
      await shoot('images');
      await page.getByRole('tab', { name: 'Overview and problems' }).click();
      await expect(page.getByTestId('dataset-problem').first()).toBeVisible();
      await shoot('overview');
      await page.getByRole('tab', { name: 'Buckets' }).click();
      await expect(page.getByTestId('bucket-row').first()).toBeVisible();
      await shoot('buckets');
      await page.getByRole('tab', { name: 'Bulk edit' }).click();
      await page.getByTestId('bulk-text').fill('sks');
      await page.getByTestId('bulk-preview').click();
      await expect(page.getByTestId('bulk-change').first()).toBeVisible();
      await shoot('bulk');
    }
  });
}
