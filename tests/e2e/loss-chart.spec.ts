// The job page's Loss tab against `dpgui serve`, the fake trainer replaying trainer output written here
// through the trainers' real line readers. Two sd-scripts runs: A steps 1 … 3,000, then a resumed retry
// B from step 1,501 to 4,500; B's chart joins A up to where B began and marks that point, and reads real
// steps when zoomed into its downsampled curve. A generic trainer printing diffusion-pipe's lines gives a
// raw loss, lr and epochs: its smoothing slider works by keyboard and is remembered; it passes axe and is
// photographed (test-results/screens/loss/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const fakeTrainer = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_trainer.py');

let host: RunningHost;
let resumed = '';
let raw = '';

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

/** sd-scripts' stderr step bar and stdout epoch lines for steps `from` … `to` of `total`, 1,000 an epoch. */
function stepBars(from: number, to: number, total: number): string {
  const chunks: string[] = [];
  for (let step = from; step <= to; step++) {
    if ((step - 1) % 1000 === 0) {
      const epoch = (step - 1) / 1000 + 1;
      chunks.push(JSON.stringify({ t: 0, stream: 'stdout', data: `\nepoch ${epoch}/${total / 1000}\n` }));
    }
    const loss = (0.05 + 0.1 * Math.exp(-step / 1500) + 0.01 * Math.sin(step)).toFixed(4);
    const percent = String(Math.floor((step * 100) / total)).padStart(3);
    // One line a step: a burst of bare `\r` redraws would be read as its last one only.
    const bar = `\rsteps: ${percent}%| | ${step}/${total} [00:01<00:09,  9.00it/s, avr_loss=${loss}]\n`;
    chunks.push(JSON.stringify({ t: 0, stream: 'stderr', data: bar }));
  }
  return `${chunks.join('\n')}\n`;
}

/** diffusion-pipe's per-step lines (lr, then the step's loss), 100 steps an epoch. */
function deepSpeedSteps(total: number): string {
  const chunks: string[] = [];
  for (let step = 1; step <= total; step++) {
    const lines: string[] = [];
    if ((step - 1) % 100 === 0) lines.push(`Started new epoch: ${(step - 1) / 100 + 1}`);
    const lr = (2e-4 * (1 - step / (total + 1))).toExponential(3);
    lines.push(`[Rank 0] step=${step}, skipped=0, lr=[${lr}], mom=[(0.9, 0.99)]`);
    const loss = (0.1 + 0.05 * Math.exp(-step / 100) + 0.03 * Math.sin(step * 1.7)).toFixed(5);
    lines.push(`steps: ${step} loss: ${loss} iter time (s): 0.100 samples/sec: 10.000`);
    chunks.push(JSON.stringify({ t: 0, stream: 'stdout', data: `${lines.join('\n')}\n` }));
  }
  return `${chunks.join('\n')}\n`;
}

async function untilEnded(request: APIRequestContext, id: string): Promise<void> {
  await expect
    .poll(async () => (await call(request, 'jobs.get', { id })).status, { timeout: 60_000 })
    .toBe('succeeded');
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const dataDir = newDataDir();
  const fixtures = join(dataDir, 'fixtures');
  mkdirSync(join(fixtures, 'real-sdscripts-cpu'), { recursive: true });
  writeFileSync(join(fixtures, 'real-sdscripts-cpu', 'loss_a.chunks.jsonl'), stepBars(1, 3000, 4500));
  writeFileSync(join(fixtures, 'real-sdscripts-cpu', 'loss_b.chunks.jsonl'), stepBars(1501, 4500, 4500));
  writeFileSync(join(fixtures, 'real-sdscripts-cpu', 'loss_raw.chunks.jsonl'), deepSpeedSteps(300));
  const smi = join(dataDir, 'fake-nvidia-smi.json');
  writeFileSync(
    smi,
    JSON.stringify({
      gpus: [
        {
          uuid: 'GPU-1',
          name: 'NVIDIA GeForce RTX 4090',
          memory_total: 24564,
          memory_used: 1,
          utilization: 0,
          temperature: 40,
        },
      ],
      apps: [],
    }),
  );
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_CONFIG: smi,
      DPGUI_SHARED_FIXTURES: fixtures,
    },
  });
  const world = join(dataDir, 'world');
  mkdirSync(join(world, 'images'), { recursive: true });
  mkdirSync(join(world, 'sd-scripts'));
  writeFileSync(join(world, 'model.safetensors'), 'not really a model');
  writeFileSync(join(world, 'images', 'a.png'), 'not really an image');
  await call(request, 'settings.set', {
    trainers: {
      sdScripts: { python: fakePython, folder: join(world, 'sd-scripts'), env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      // The interpreter itself (pyenv's shim is a script the host does not take for a Python).
      generic: {
        python: execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim(),
        folder: '',
      },
    },
  });
  // The SD 1.5 starter, as the host gives it.
  const config = (await call(request, 'presets.get', { id: 'builtin:sd-scripts-sd15-lora' })).config as {
    values: Record<string, unknown>;
  };
  const output = join(world, 'out');
  mkdirSync(output);
  const fakeArgs = (replay: string) =>
    writeFileSync(
      join(output, 'fake-trainer-args.json'),
      JSON.stringify(['--replay', replay, '--speed', '1']),
    );
  Object.assign(config.values, {
    pretrained_model_name_or_path: join(world, 'model.safetensors'),
    output_dir: output,
  });
  const subsets = config.values.subsets as Record<string, unknown>[];
  subsets[0] = { ...subsets[0], image_dir: join(world, 'images') };

  fakeArgs('loss_a');
  const first = (await call(request, 'jobs.enqueue', { name: 'portrait-lora', config, gpus: { count: 1 } }))
    .id as string;
  await untilEnded(request, first);
  // The state run A saved (sd-scripts' …-state folder), and what run B prints when it resumes from it.
  const outputName = typeof config.values.output_name === 'string' ? config.values.output_name : 'last';
  mkdirSync(join(output, `${outputName}-step00001500-state`));
  fakeArgs('loss_b');
  resumed = (await call(request, 'jobs.retry', { id: first, resume: true })).id as string;
  await untilEnded(request, resumed);

  raw = (
    await call(request, 'jobs.enqueue', {
      name: 'flux-style',
      config: {
        trainer: 'generic',
        family: 'hydra',
        values: {
          command: `{python} ${fakeTrainer} --replay loss_raw --speed 1`,
          config: { lr: 0.0002 },
          overrides: [],
        },
      },
      gpus: { count: 0 },
    })
  ).id as string;
  await untilEnded(request, raw);
});

test.afterAll(async () => {
  await host.stop();
});

async function openLoss(page: Page, job: string): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-tone', 'ok');
  await page.goto(`${host.origin}/#/jobs/${job}?tab=loss`);
  await expect(page.getByTestId('loss-canvas').locator('canvas')).toHaveCount(1);
}

test('joins the run it resumed up to where it began, marks that point, and reads real steps when zoomed', async ({
  page,
}) => {
  await openLoss(page, resumed);
  const chart = page.getByTestId('loss-chart');
  // A's steps 1 … 1,500 (every one), then B's 3,000 steps averaged into at most 2,000 points.
  await expect(chart).toHaveAttribute('data-resumes', '1501');
  await expect(page.getByTestId('loss-stored')).toHaveText(
    /^4,500 steps stored, averaged into [\d,]+ points/,
  );
  const overview = Number(await chart.getAttribute('data-points'));
  expect(overview).toBeGreaterThan(1500);
  expect(overview).toBeLessThanOrEqual(1500 + 2000);
  // The last point is B's, with the trainer's average (the only loss sd-scripts' log gives).
  await expect(page.getByTestId('loss-readout')).toContainText('Step 4,500');

  // Drag across the right half of the plot: B's steps there are read again, one point a step.
  const plot = page.getByTestId('loss-canvas').locator('.u-over');
  const box = await plot.boundingBox();
  if (!box) throw new Error('the plot is not laid out');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('loss-stored')).toHaveText(
    '4,500 steps stored, every step of the zoomed range drawn',
  );
  await expect(page.getByRole('button', { name: 'Show the whole curve' })).toBeVisible();

  // The keyboard: 0 on the focused chart shows the whole curve again.
  await page.getByTestId('loss-canvas').focus();
  await page.keyboard.press('0');
  await expect(page.getByRole('button', { name: 'Show the whole curve' })).toHaveCount(0);
  await expect(page.getByTestId('loss-stored')).toHaveText(/averaged into/);

  // Zoomed again by drag, a double-click shows the whole curve too.
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Show the whole curve' })).toBeVisible();
  await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height / 2);
  await expect(page.getByRole('button', { name: 'Show the whole curve' })).toHaveCount(0);
});

test('smooths by the slider, set by keyboard and remembered', async ({ page }) => {
  await openLoss(page, raw);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', '300');
  const readout = page.getByTestId('loss-readout');
  await expect(readout).toContainText('Step 300');
  await expect(readout).toContainText('Learning rate 6.6e-7');
  await expect(readout).toContainText('Epoch 3');
  const value = async (label: string) => {
    const match = new RegExp(`${label} ([\\d.e-]+)`).exec((await readout.textContent()) ?? '');
    return match?.[1];
  };
  const slider = page.getByRole('slider', { name: /Smoothing/ });
  await expect(slider).toHaveAttribute('aria-valuenow', '0.9');
  expect(await value('Smoothed')).not.toBe(await value('Loss'));
  // Page Down: a tenth less each; at 0 the smoothed loss is the raw loss.
  await slider.focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press('PageDown');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  expect(await value('Smoothed')).toBe(await value('Loss'));
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '0.01');
  await page.reload();
  await expect(page.getByRole('slider', { name: /Smoothing/ })).toHaveAttribute('aria-valuenow', '0.01');
  await page.getByRole('slider', { name: /Smoothing/ }).focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press('PageUp');
  await expect(page.getByRole('slider', { name: /Smoothing/ })).toHaveAttribute('aria-valuenow', '0.91');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`passes axe and is photographed at both sizes, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await openLoss(page, raw);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await page.screenshot({
        path: `test-results/screens/loss/loss-${size.width}x${size.height}-${scheme}.png`,
        animations: 'disabled',
      });
      const results = await new AxeBuilder({ page }).include('[data-testid="loss-chart"]').analyze();
      const severe = results.violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(severe, `${scheme} ${size.width}`).toEqual([]);
    }
  });
}
