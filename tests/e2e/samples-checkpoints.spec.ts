// A job's Samples and Checkpoints tabs and the compare view against `dpgui serve`, with the fake
// interpreter as the sd-scripts install's python: two jobs that leave samples of two prompts (real PNGs
// put in place of the fake trainer's), checkpoints and sd-scripts state folders, named as sd-scripts
// names them. The grid of steps × prompts with the config's prompt words, the enlarged view's keys,
// a step's link to its checkpoint, "continue from here" resuming with a higher total, the compare view
// in the address, axe, and screenshots (test-results/screens/samples/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';
import { tinyPng } from '../support/tiny-png';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const prompts = ['a red fox in deep snow', 'portrait of an old sailor, oil painting'];

let host: RunningHost;
let root: string;
const ids = { first: '', second: '' };

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

const padded = (n: number, width: number) => String(n).padStart(width, '0');

/** A job that saves, at each step: a sample per prompt, a checkpoint, and a state folder. */
async function jobWithSaves(request: APIRequestContext, name: string, steps: number[]): Promise<string> {
  const starter = (await call(request, 'presets.get', { id: 'builtin:sd-scripts-sd15-lora' })).config as {
    values: Record<string, unknown> & { subsets: Record<string, unknown>[] };
  };
  const output = join(root, 'out', name);
  mkdirSync(output, { recursive: true });
  const samples: string[] = [];
  const writes: string[] = [];
  for (const step of steps) {
    for (const prompt of [0, 1]) {
      const sample = join(output, 'sample', `${name}_${padded(step, 6)}_0${prompt}_20260101120000.png`);
      samples.push(sample);
      writes.push('--write', sample);
    }
    const saved = join(output, `${name}-step${padded(step, 8)}`);
    writes.push('--write', `${saved}.safetensors`, '--write', join(`${saved}-state`, 'model.safetensors'));
  }
  writeFileSync(join(output, 'fake-trainer-args.json'), JSON.stringify([...writes, '--seconds', '0']));
  const config = structuredClone(starter);
  Object.assign(config.values, {
    pretrained_model_name_or_path: join(root, 'model.safetensors'),
    output_dir: output,
    output_name: name,
    sample_prompts_list: prompts.map((prompt) => ({ prompt })),
    sample_every_n_steps: 100,
  });
  config.values.subsets[0] = { ...config.values.subsets[0], image_dir: join(root, 'images') };
  const id = (await call(request, 'jobs.enqueue', { name, config, gpus: { count: 1 } })).id as string;
  await expect
    .poll(async () => (await call(request, 'jobs.get', { id })).status, { timeout: 30_000 })
    .toBe('succeeded');
  samplesOf.set(name, samples);
  decodableSamples(name);
  return id;
}

/** Each job's sample files, by job name. */
const samplesOf = new Map<string, string[]>();

/** Images a browser can decode, in place of the fake trainer's stand-ins. */
function decodableSamples(name: string): void {
  for (const sample of samplesOf.get(name) ?? []) {
    writeFileSync(`${sample}.part`, tinyPng(48));
    renameSync(`${sample}.part`, sample);
  }
}

/** Pages that have their key (the first load takes it from the URL's fragment into session storage). */
const keyed = new WeakSet<Page>();

async function open(page: Page, hash: string): Promise<void> {
  if (!keyed.has(page)) {
    await page.goto(host.url);
    keyed.add(page);
  }
  await page.goto(`${host.origin}/#${hash}`);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
}

const tile = (page: Page, step: number, prompt: number) =>
  page.locator(`[data-testid="sample-tile"][data-step="${step}"][data-prompt="${prompt}"]`);

async function severeViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  chmodSync(fakePython, 0o755);
  const dataDir = newDataDir();
  root = join(dataDir, 'world');
  mkdirSync(join(root, 'images'), { recursive: true });
  mkdirSync(join(root, 'sd-scripts'));
  writeFileSync(join(root, 'model.safetensors'), 'not really a model');
  writeFileSync(join(root, 'images', 'a.png'), 'not really an image');
  writeFileSync(join(root, 'images', 'a.txt'), 'a caption');
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_GPUS: '1',
    },
  });
  await call(request, 'settings.set', {
    trainers: {
      sdScripts: { python: fakePython, folder: join(root, 'sd-scripts'), env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: '', folder: '' },
    },
  });
  ids.first = await jobWithSaves(request, 'fox', [100, 200, 300]);
  ids.second = await jobWithSaves(request, 'fox_lr2x', [100, 200]);
});

test.afterAll(async () => {
  await host.stop();
});

test('samples: a grid of steps by prompts, enlarged with the arrow keys, each step linked to its checkpoint', async ({
  page,
}) => {
  await open(page, `/jobs/${ids.first}?tab=samples`);
  const grid = page.getByTestId('samples-grid');
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('columnheader')).toContainText(['Step', 'Prompt 1', 'Prompt 2']);
  await expect(grid.getByText(prompts[1] ?? '')).toBeVisible();
  // Newest first, each image a blob: URL read through the file route.
  await expect(page.getByTestId('sample-tile').first()).toHaveAttribute('data-step', '300');
  await expect(tile(page, 300, 1).locator('img')).toHaveAttribute('src', /^blob:/);
  await expect
    .poll(() =>
      tile(page, 300, 1)
        .locator('img')
        .evaluate((img: { naturalWidth: number }) => img.naturalWidth),
    )
    .toBeGreaterThan(0);

  await tile(page, 200, 0).click();
  const viewer = page.getByTestId('sample-viewer');
  await expect(viewer.getByRole('heading')).toHaveText('Step 200, Prompt 1');
  await expect(page.getByTestId('sample-viewer-image')).toHaveAttribute('src', /^blob:/);
  await expect(page.getByTestId('sample-viewer-prompt')).toHaveText(prompts[0] ?? '');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('heading')).toHaveText('Step 300, Prompt 1');
  await page.keyboard.press('ArrowDown');
  await expect(viewer.getByRole('heading')).toHaveText('Step 300, Prompt 2');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('heading')).toHaveText('Step 100, Prompt 2');
  expect(await severeViolations(page, '[data-testid="sample-viewer"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  // Focus is back on the grid, on the image the enlarged view ended on.
  await expect(tile(page, 100, 1)).toBeFocused();

  // A step's checkpoint: the Checkpoints tab with that row highlighted.
  await grid.getByRole('row').filter({ hasText: 'Step 200' }).getByTestId('sample-checkpoint-link').click();
  await expect(page.getByTestId('job-page')).toHaveAttribute('data-tab', 'checkpoints');
  const highlighted = page.locator('[data-testid="checkpoint-row"][data-highlighted]');
  await expect(highlighted).toHaveAttribute('data-step', '200');
  await expect(highlighted).toHaveAttribute('data-kind', 'checkpoint');
  await expect(highlighted).toContainText('fox-step00000200.safetensors');
});

test('checkpoints: sizes, the path to copy, and continue from a saved state with more steps', async ({
  page,
  request,
}) => {
  await open(page, `/jobs/${ids.first}?tab=checkpoints`);
  const rows = page.getByTestId('checkpoint-row');
  // Three steps, each with its weights and its state folder.
  await expect(rows).toHaveCount(6);
  const weights = page.locator('[data-testid="checkpoint-row"][data-kind="checkpoint"][data-step="300"]');
  // The fake trainer writes "fake <file name>" in each file.
  await expect(weights).toContainText(`${'fake fox-step00000300.safetensors'.length} B`);
  // A browser has no file manager to open: the path is copied instead.
  await expect(weights.getByTestId('checkpoint-copy')).toBeVisible();

  await weights.getByTestId('checkpoint-continue').click();
  await expect(page.getByTestId('continue-resume')).toBeDisabled();
  await expect(page.getByText(/weights only/)).toBeVisible();
  await page.keyboard.press('Escape');

  const state = page.locator('[data-testid="checkpoint-row"][data-kind="state"][data-step="200"]');
  await state.getByTestId('checkpoint-continue').click();
  await expect(page.getByTestId('continue-resume')).toBeEnabled();
  await page.getByTestId('continue-total').fill('900');
  await page.getByTestId('continue-submit').click();
  // The new job's page.
  await expect(page).not.toHaveURL(new RegExp(ids.first));
  const newId = /#\/jobs\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const resumed = await call(request, 'jobs.get', { id: newId });
  expect(resumed).toMatchObject({ retriedFrom: ids.first, resume: true });
  await call(request, 'jobs.cancel', { id: newId }).catch(() => undefined);
  // The resumed run shares fox's output folder: if it ran before the cancel, the fake trainer wrote its
  // stand-ins over fox's samples. Once it has ended, the later tests get decodable images again.
  await expect
    .poll(async () => (await call(request, 'jobs.get', { id: newId })).status, { timeout: 30_000 })
    .toMatch(/^(succeeded|canceled|failed|interrupted)$/);
  decodableSamples('fox');
});

test('compare: one prompt across jobs, side by side, the jobs and the prompt in the address', async ({
  page,
}) => {
  await open(page, `/jobs/${ids.first}?tab=samples`);
  await page.getByTestId('samples-compare').click();
  await page.getByTestId('compare-picker').click();
  await page.getByRole('option', { name: /fox_lr2x/ }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('compare-picker-go').click();
  await expect(page).toHaveURL(new RegExp(`#/compare\\?jobs=${ids.first}%2C${ids.second}&prompt=0`));
  const grid = page.getByTestId('compare-grid');
  await expect(grid.getByRole('columnheader')).toContainText(['Step', 'fox', 'fox_lr2x']);
  // Step 300: only the first job has one.
  const top = grid.getByRole('row').filter({ hasText: 'Step 300' });
  await expect(top.getByTestId('sample-tile')).toHaveCount(1);
  await expect(top.getByText('No image')).toHaveCount(1);
  await expect(grid.getByRole('row').filter({ hasText: 'Step 100' }).getByTestId('sample-tile')).toHaveCount(
    2,
  );
  await page.getByTestId('compare-prompt').click();
  await page.getByRole('option', { name: /Prompt 2/ }).click();
  await expect(page).toHaveURL(/prompt=1/);
  await expect(grid.locator('[data-testid="sample-tile"]').first()).toHaveAttribute('data-prompt', '1');
  // A reload lands on the same comparison.
  await page.reload();
  await expect(page.getByTestId('compare-grid').getByRole('columnheader')).toContainText([
    'Step',
    'fox',
    'fox_lr2x',
  ]);
  await expect(page.getByTestId('compare-prompt')).toHaveValue(/Prompt 2/);
});

for (const scheme of ['dark', 'light'] as const) {
  test(`samples, checkpoints and compare in the ${scheme} scheme: axe and screenshots`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const views = [
      ['samples', `/jobs/${ids.first}?tab=samples`, '[data-testid="job-page"]', 'sample-tile'],
      ['checkpoints', `/jobs/${ids.first}?tab=checkpoints`, '[data-testid="job-page"]', 'checkpoint-row'],
      [
        'compare',
        `/compare?jobs=${ids.first},${ids.second}&prompt=0`,
        '[data-testid="compare-view"]',
        'sample-tile',
      ],
    ] as const;
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      for (const [name, hash, scope, ready] of views) {
        await open(page, hash);
        await expect(page.getByTestId(ready).first()).toBeVisible();
        if (ready === 'sample-tile')
          await expect(page.locator('[data-testid="sample-tile"] img').first()).toHaveAttribute(
            'src',
            /^blob:/,
          );
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: `test-results/screens/samples/${name}-${size.width}x${size.height}-${scheme}.png`,
          animations: 'disabled',
        });
        if (size.width === 1280) expect(await severeViolations(page, scope), `${name} ${scheme}`).toEqual([]);
      }
    }
  });
}
