// The editor photographed and checked with axe, against `dpgui serve` with the
// sd-scripts install named (the fake interpreter) and one registered dataset: the editor's top, a
// middle section with greyed fields and an error, the files preview, and the import summary of a
// dropped PySide trainer TOML, at 1280×720 and 1920×1080, light and dark
// (test-results/screens/editor/, test-results/screens/import/); no critical or serious axe finding in
// the editor in either scheme. The Datasets view is photographed and checked in datasets.spec.ts.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';
import { tinyPng } from '../support/tiny-png';
import { countUserActions } from '../support/user-actions';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const schemes = ['light', 'dark'] as const;
const sizes = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
type Scheme = (typeof schemes)[number];

let host: RunningHost;
let world: string;

/** The old trainer's TOML (field-catalogue A.16): a subset, LoCon network args and an unknown key. */
const pysideToml = (): string => `# saved by LoRA_Easy_Training_Scripts
[[subsets]]
num_repeats = 10
caption_extension = ".txt"
name = "char"
image_dir = "${join(world, 'datasets', 'char')}"
shuffle_caption = true
keep_tokens = 1

[general_args.args]
mixed_precision = "bf16"
max_train_epochs = 10
pretrained_model_name_or_path = "${join(world, 'model.safetensors')}"
sdxl = true
sdpa = true
cache_latents = true

[general_args.dataset_args]
resolution = 1024
batch_size = 2

[network_args.args]
network_dim = 32
network_alpha = 16.0

[network_args.args.network_args]
conv_dim = 32
conv_alpha = 16.0
algo = "locon"

[optimizer_args.args]
optimizer_type = "AdamW8bit"
lr_scheduler = "cosine with restarts"
learning_rate = 0.0001

[saving_args.args]
output_dir = "${join(world, 'out')}"
output_name = "char"
easy_name = "v1"

[train_mode]
train_mode = "lora"
`;

test.beforeAll(async ({ request }) => {
  chmodSync(fakePython, 0o755);
  const dataDir = newDataDir();
  world = join(dataDir, 'world');
  const images = join(world, 'datasets', 'char');
  mkdirSync(images, { recursive: true });
  mkdirSync(join(world, 'sd-scripts'));
  mkdirSync(join(world, 'out'));
  writeFileSync(join(world, 'model.safetensors'), 'not really a model');
  for (let i = 0; i < 6; i++) {
    writeFileSync(join(images, `char-${i}.png`), i % 2 ? tinyPng(96, 64) : tinyPng(64));
    if (i !== 5) writeFileSync(join(images, `char-${i}.txt`), `char, pose ${i}`);
  }
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_GPUS: '2',
    },
  });
  await callApi(request, host, 'settings.set', {
    trainers: {
      sdScripts: { python: fakePython, folder: join(world, 'sd-scripts'), env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: '', folder: '' },
    },
  });
  const dataset = await callApi(request, host, 'datasets.register', { path: images });
  await callApi(request, host, 'datasets.scan', { id: dataset.id });
});

test.afterAll(async () => {
  await host.stop();
});

async function expectNoSevereAxeFinding(page: Page, where: string): Promise<void> {
  // The pointer off the page's controls: axe judges what shows at rest, not a hover colour.
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')}); first: ${v.nodes[0]?.failureSummary ?? ''}`,
    );
  // Soft: every view is still photographed and checked, and the test fails at the end.
  expect.soft(severe, where).toEqual([]);
}

async function useScheme(page: Page, scheme: Scheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
}

/**
 * Photographs what `show` brings into view at both sizes in both schemes, as `<folder>/<name>-<w>x<h>-
 * <scheme>.png`; the page never scrolls sideways.
 */
async function photograph(
  page: Page,
  folder: 'editor' | 'import',
  name: string,
  show: () => Promise<unknown> = () => Promise.resolve(),
): Promise<void> {
  for (const scheme of schemes) {
    await useScheme(page, scheme);
    for (const size of sizes) {
      await page.setViewportSize(size);
      await show();
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth'),
        `${name} ${size.width}`,
      ).toBeLessThanOrEqual(size.width);
      await page.screenshot({
        path: `test-results/screens/${folder}/${name}-${size.width}x${size.height}-${scheme}.png`,
        animations: 'disabled',
      });
    }
  }
  await page.setViewportSize(sizes[0]);
}

const field = (page: Page, path: string): Locator => page.locator(`[data-field-path="${path}"]`);

/** A titled section of the form, by its title. */
const section = (page: Page, title: string): Locator =>
  page
    .locator('section[aria-labelledby]')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

async function openEditor(page: Page): Promise<void> {
  await page.addInitScript({ content: "localStorage.setItem('dpgui.firstStart.skipped', '1')" });
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await page.goto(`${host.origin}/#/editor?preset=builtin:sd-scripts-sdxl-lora`);
  await expect(page.getByRole('heading', { name: 'Editor', level: 2 })).toBeVisible();
  await expect(field(page, 'network_dim')).toBeVisible();
}

test('the editor: its top, a section with greyed fields and an error, the files preview, the import summary; axe in both schemes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openEditor(page);

  // The top: trainer, family, the section index, the first sections.
  await expect(page.getByRole('combobox', { name: 'Trainer' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Model family' })).toHaveValue(/SDXL/);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await photograph(page, 'editor', 'editor-top', () => page.evaluate('window.scrollTo(0, 0)'));

  // The Training section: clip skip greyed for SDXL (with why), and an invalid epoch count.
  const training = section(page, 'Training');
  const epochs = field(page, 'max_train_epochs').getByRole('textbox').first();
  await epochs.fill('0');
  await expect(field(page, 'max_train_epochs')).toContainText('at least 1');
  await expect(field(page, 'clip_skip').getByRole('textbox').first()).toBeDisabled();
  await photograph(page, 'editor', 'editor-section-greyed-error', async () => {
    // Clip skip near the top of the form's view, the epochs' error a few rows below it.
    await page.evaluate(
      `document.querySelector('[data-field-path="clip_skip"]').scrollIntoView({ block: 'start' })`,
    );
    await field(page, 'clip_skip').hover();
  });
  for (const scheme of schemes) {
    await useScheme(page, scheme);
    await expectNoSevereAxeFinding(page, `editor with an error, ${scheme}`);
  }
  await expect(training).toBeVisible();

  // The files preview: one tab per file and the launch command.
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Files' })).toContainText('config');
  await photograph(page, 'editor', 'editor-files-preview');
  await expectNoSevereAxeFinding(page, 'files preview, dark');

  // The import summary of a dropped PySide TOML.
  const drop = countUserActions(page);
  await drop.dropFiles('import', page.locator('body'), { 'char.toml': pysideToml() });
  const summary = page.getByRole('dialog', { name: /^Imported/ });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('easy_name');
  await photograph(page, 'import', 'import-summary');
  await expectNoSevereAxeFinding(page, 'import summary, dark');
  await page.keyboard.press('Escape');
  await expect(summary).toBeHidden();
  await expect(field(page, 'conv_dim').getByRole('textbox').first()).toHaveValue('32');
  expect(errors).toEqual([]);
});
