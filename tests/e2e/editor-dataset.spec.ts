// The editor's dataset panel in Chromium against `dpgui serve`: a folder typed into the panel is
// registered and added, its buckets and sd-scripts' step figures appear, batch size and repeats
// changed in the form change "num batches per epoch" as sd-scripts counts it; photographed at
// 1280×720 and 1920×1080, light and dark (test-results/screens/editor-dataset/).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';

const schemes = ['light', 'dark'] as const;
const sizes = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

let host: RunningHost;
let images: string;

test.beforeAll(async () => {
  const dataDir = newDataDir();
  images = join(dataDir, 'world', '1_char');
  mkdirSync(images, { recursive: true });
  // Six squares at the SDXL preset's 1024: one bucket whatever the bucket settings.
  for (let i = 0; i < 6; i++) {
    await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#468' } })
      .png()
      .toFile(join(images, `char-${i}.png`));
    writeFileSync(join(images, `char-${i}.txt`), `char, pose ${i}`);
  }
  host = await launchHost({ dataDir });
});

test.afterAll(async () => {
  await host.stop();
});

const field = (page: Page, path: string): Locator => page.locator(`[data-field-path="${path}"]`);
const figure = (page: Page, id: string): Locator => page.getByTestId(`figure-${id}-value`);

async function setNumber(page: Page, path: string, value: string): Promise<void> {
  const input = field(page, path).getByRole('textbox').first();
  await input.fill(value);
  await input.press('Tab');
}

test('a typed folder shows its buckets and steps; batch size and repeats change them', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/editor?preset=builtin:sd-scripts-sdxl-lora`);
  const panel = page.getByTestId('dataset-panel');
  await panel.scrollIntoViewIfNeeded();

  await panel.getByLabel('Folder path').fill(images);
  await panel.getByRole('button', { name: 'Add folder' }).click();
  await expect(field(page, 'subsets.0.image_dir').getByRole('textbox').first()).toHaveValue(images);

  await setNumber(page, 'batch_size', '1');
  await expect(figure(page, 'batches')).toHaveText('6');
  await expect(page.getByTestId('bucket-size')).toHaveText(['1024×1024']);
  await setNumber(page, 'batch_size', '4');
  await expect(figure(page, 'batches')).toHaveText('2'); // ceil(6 / 4)
  await setNumber(page, 'subsets.0.num_repeats', '2');
  await expect(figure(page, 'images')).toHaveText('12');
  await expect(figure(page, 'batches')).toHaveText('3'); // ceil(12 / 4)

  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const size of sizes) {
      await page.setViewportSize(size);
      await page.evaluate(
        "document.querySelector('[data-testid=dataset-panel]').scrollIntoView({ block: 'start' })",
      );
      await page.screenshot({
        path: `test-results/screens/editor-dataset/panel-${size.width}x${size.height}-${scheme}.png`,
        animations: 'disabled',
      });
    }
  }
  expect(errors).toEqual([]);
});
