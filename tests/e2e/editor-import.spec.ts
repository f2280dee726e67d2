// Import and presets in Chromium against `dpgui serve`: a PySide trainer TOML uploaded through the
// Import… file input is summed up (format, what landed where, an unknown key passed through), fills
// the form and shows in the Files tab's preview; then a preset is saved as, renamed and deleted.
// The summary and the preview are photographed (test-results/screens/editor-import/).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
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

// The old trainer's saved form (field catalogue A.16), with one key of a fork DPGui does not know.
const pysideToml = `[[subsets]]
num_repeats = 7
caption_extension = ".caption"
image_dir = "/data/10_char"

[general_args.args]
pretrained_model_name_or_path = "/models/base.safetensors"
sdxl = true
seed = 4242
max_train_epochs = 12
my_fork_option = 7

[general_args.dataset_args]
resolution = 1024
batch_size = 3

[network_args.args]
network_dim = 24
network_alpha = 12.0

[optimizer_args.args]
optimizer_type = "AdamW8bit"
learning_rate = 0.0003

[saving_args.args]
output_dir = "/out"
output_name = "imported_lora"
`;

const field = (page: Page, path: string): Locator =>
  page.locator(`[data-field-path="${path}"] input`).first();

async function openEditor(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('nav-editor').click();
  await expect(page.getByRole('heading', { name: 'Editor', exact: true })).toBeVisible();
  await expect(field(page, 'network_dim')).toBeVisible();
}

async function presetsMenu(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Presets' }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByText('Loading the presets…')).toBeHidden();
  return menu;
}

test('a PySide TOML uploaded through Import… is summed up, fills the form and shows in the preview', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await openEditor(page);

  await page.locator('input[type="file"][accept*=".toml"]').setInputFiles({
    name: 'queue_item.toml',
    mimeType: 'application/toml',
    buffer: Buffer.from(pysideToml),
  });
  const summary = page.getByRole('dialog', { name: /^Imported queue_item\.toml/ });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('PySide trainer TOML');
  await expect(summary).toContainText('SDXL');
  await expect(summary.getByRole('group', { name: /^Landed in / }).first()).toBeVisible();
  await expect(summary).toContainText('my_fork_option = 7');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.screenshot({ path: `test-results/screens/editor-import/summary-1280x720-${scheme}.png` });
  }
  await summary.getByRole('checkbox', { name: /^Pass through .*my_fork_option$/ }).check();
  await summary.getByRole('button', { name: 'Pass through 1 key and close' }).click();
  await expect(summary).toBeHidden();

  await expect(field(page, 'network_dim')).toHaveValue('24');
  await expect(field(page, 'batch_size')).toHaveValue('3');
  await expect(field(page, 'seed')).toHaveValue('4242');
  await expect(field(page, 'subsets.0.image_dir')).toHaveValue('/data/10_char');
  await expect(page.getByText('Imported: queue_item.toml')).toBeVisible();

  await page.getByRole('tab', { name: 'Files' }).click();
  const config = page.getByLabel('Contents of config.toml');
  await expect(config).toContainText('network_dim = 24');
  await expect(config).toContainText('my_fork_option = 7');
  await expect(page.getByLabel('Launch command', { exact: true })).toContainText('sdxl_train_network.py');
  await expect(page.getByRole('switch', { name: /^Pass through .*my_fork_option$/ })).toBeChecked();
  await page.getByRole('tab', { name: /dataset\.toml/ }).click();
  await expect(page.getByLabel('Contents of dataset.toml')).toContainText('/data/10_char');

  // The preview follows the form.
  await field(page, 'network_dim').fill('40');
  await page.getByRole('tab', { name: /config\.toml/ }).click();
  await expect(page.getByLabel('Contents of config.toml')).toContainText('network_dim = 40');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.screenshot({ path: `test-results/screens/editor-import/preview-1280x720-${scheme}.png` });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/screens/editor-import/preview-1920x1080-dark.png' });

  // In a browser, Export… downloads each file the preview shows (blob: links pass the renderer's CSP).
  const downloads: { name: string; text: string }[] = [];
  page.on('download', (download) => {
    void download
      .path()
      .then((path) =>
        downloads.push({ name: download.suggestedFilename(), text: readFileSync(path, 'utf8') }),
      );
  });
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect.poll(() => downloads.map((d) => d.name).sort()).toEqual(['config.toml', 'dataset.toml']);
  expect(downloads.find((d) => d.name === 'config.toml')?.text).toContain('network_dim = 40');
  expect(errors).toEqual([]);
});

test('a preset is saved as, renamed and deleted; built-ins are read-only', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openEditor(page);

  let menu = await presetsMenu(page);
  await expect(menu.getByText(/model paths empty/).first()).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Save as…', exact: true }).click();
  const name = page.getByRole('textbox', { name: 'Preset name' });
  await name.fill('My round trip');
  await page
    .getByRole('dialog', { name: 'Save as a new preset' })
    .getByRole('button', { name: 'Save' })
    .click();
  await expect(page.getByText('Preset: My round trip', { exact: true })).toBeVisible();

  menu = await presetsMenu(page);
  await expect(menu.getByRole('menuitem', { name: /My round trip/ })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Rename…', exact: true }).click();
  await page.getByRole('textbox', { name: 'Preset name' }).fill('Renamed trip');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByText('Preset: Renamed trip', { exact: true })).toBeVisible();

  menu = await presetsMenu(page);
  await expect(menu.getByRole('menuitem', { name: /Renamed trip/ })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /My round trip/ })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Delete…', exact: true }).click();
  await page.getByRole('button', { name: 'Delete the preset' }).click();
  await expect(page.getByText('New config', { exact: true })).toBeVisible();

  menu = await presetsMenu(page);
  await expect(menu.getByRole('menuitem', { name: /Renamed trip/ })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Delete…', exact: true })).toBeDisabled();
});
