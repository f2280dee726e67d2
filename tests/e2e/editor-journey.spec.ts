// The newcomer's journey (journeys 1 and 2) as one test against `dpgui serve` with the fake nvidia-smi
// (two GPUs) and the fake interpreter as the sd-scripts install's python, on a fresh data folder:
// the first-start page → the sd-scripts folder and python typed in → the Editor → a PySide trainer
// TOML (written here, field-catalogue A.16, without subsets: a settings template) dropped on the
// window → its import summary → a dataset folder (real PNGs of two shapes, with captions) added in
// the dataset section, its buckets and steps per epoch shown → a greyed field cannot be edited and
// says why → an invalid rank shows its error at the field and blocks "Add to queue", fixing it
// unblocks → Add to queue → the job runs and its log streams on its page. Every click, field typed,
// key and drop from the first page to the job running is counted (tests/support/user-actions.ts);
// the count is printed and attached (goal ≤ 12).
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launchHost, newDataDir, type RunningHost } from '../support/launch-headless-host';
import { callApi } from '../support/e2e-call';
import { tinyPng } from '../support/tiny-png';
import { countUserActions } from '../support/user-actions';

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const actionGoal = 12;

let host: RunningHost;
let world: string;

const paths = () => ({
  sdScripts: join(world, 'sd-scripts'),
  model: join(world, 'models', 'sdxl-base.safetensors'),
  dataset: join(world, 'datasets', 'mira'),
  output: join(world, 'out', 'mira'),
});

/** The old trainer's saved TOML (field-catalogue A.16), with a key DPGui does not know (easy_name). */
function pysideToml(): string {
  const p = paths();
  return `# saved by LoRA_Easy_Training_Scripts
[general_args.args]
pretrained_model_name_or_path = "${p.model}"
sdxl = true
mixed_precision = "bf16"
seed = 23
max_train_epochs = 2
sdpa = true
max_data_loader_n_workers = 1
persistent_data_loader_workers = true

[general_args.dataset_args]
resolution = 512
batch_size = 2

[network_args.args]
network_dim = 16
network_alpha = 8.0

[optimizer_args.args]
optimizer_type = "AdamW8bit"
lr_scheduler = "cosine"
learning_rate = 0.0001

[saving_args.args]
save_model_as = "safetensors"
output_dir = "${p.output}"
output_name = "mira"
easy_name = "v1"

[bucket_args.dataset_args]
enable_bucket = true
min_bucket_reso = 256
max_bucket_reso = 1024
bucket_reso_steps = 64

[train_mode]
train_mode = "lora"
`;
}

/**
 * Five square and three landscape images at resolution 512, batch 2: sd-scripts makes the buckets
 * 512×512 (5 images → 3 batches) and 640×384 (3 → 2), so 5 steps per epoch (not ceil(8 / 2) = 4)
 * and 10 steps over the TOML's 2 epochs.
 */
function writeDataset(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < 5; i++) {
    writeFileSync(join(folder, `square-${i}.png`), tinyPng(64));
    writeFileSync(join(folder, `square-${i}.txt`), `mira, portrait ${i}`);
  }
  for (let i = 0; i < 3; i++) {
    writeFileSync(join(folder, `wide-${i}.png`), tinyPng(96, 64));
    writeFileSync(join(folder, `wide-${i}.txt`), `mira, landscape ${i}`);
  }
}

async function call(request: APIRequestContext, channel: string, data: object) {
  return callApi(request, host, channel, data);
}

interface JobRow {
  id: string;
  name: string;
  status: string;
}

async function jobs(request: APIRequestContext): Promise<JobRow[]> {
  return (await call(request, 'jobs.list', {})).items as JobRow[];
}

/** The number of the last log line painted on a job's page (the list is virtual). */
const lastPainted = (page: Page): Promise<number> =>
  page.evaluate<number>(
    `Math.max(-1, ...Array.from(document.querySelectorAll('[data-testid="log-line"]'), (el) => Number(el.dataset.line)))`,
  );

test.beforeAll(async () => {
  chmodSync(fakePython, 0o755);
  const dataDir = newDataDir();
  world = join(dataDir, 'world');
  const p = paths();
  mkdirSync(p.sdScripts, { recursive: true });
  mkdirSync(join(world, 'models'));
  writeFileSync(p.model, 'not really a model');
  writeDataset(p.dataset);
  // The fake trainer replays the real sd-scripts run, then prints a numbered line every 200 ms.
  mkdirSync(p.output, { recursive: true });
  writeFileSync(
    join(p.output, 'fake-trainer-args.json'),
    JSON.stringify(['--replay', 'plain_split_unbuf', '--print-rate', '5', '--seconds', '600']),
  );
  host = await launchHost({
    dataDir,
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_GPUS: '2',
    },
  });
});

test.afterAll(async ({ request }) => {
  // Trainings outlive the host by design: end them first.
  for (const job of await jobs(request)) {
    const full = await call(request, 'jobs.get', { id: job.id });
    if ((full.abilities as { cancel: { allowed: boolean } }).cancel.allowed)
      await call(request, 'jobs.cancel', { id: job.id });
  }
  await host.stop();
});

test('a newcomer goes from the first start to a running job: import, dataset, fields, queue', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 900 });
  const act = countUserActions(page);
  const p = paths();

  // 1. First start: nothing is set up, so the app opens on the setup.
  await page.goto(host.url);
  await expect(page.getByTestId('first-start')).toBeVisible();
  await act.type('set up sd-scripts', page.getByTestId('install-sdScripts-folder'), p.sdScripts, 'Enter');
  await act.type('set up sd-scripts', page.getByTestId('install-sdScripts-python'), fakePython, 'Enter');
  await expect(page.getByTestId('install-sdScripts')).toContainText('Set up');

  // 2. The editor, from the sidebar.
  await act.click('open the editor', page.getByTestId('nav-editor'));
  await expect(page.getByRole('heading', { name: 'Editor', level: 2 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();

  // 3. The old trainer's TOML, dropped on the window: the summary says what landed and what was not known.
  await act.dropFiles('import the TOML', page.locator('body'), { 'mira.toml': pysideToml() });
  const summary = page.getByRole('dialog', { name: /^Imported/ });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('PySide');
  await expect(summary).toContainText('easy_name');
  await act.press('close the import summary', 'Escape');
  await expect(summary).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Model family' })).toHaveValue(/SDXL/);
  await expect(field(page, 'pretrained_model_name_or_path').getByRole('textbox').first()).toHaveValue(
    p.model,
  );
  await expect(field(page, 'network_dim').getByRole('textbox').first()).toHaveValue('16');

  // 4. The dataset folder, typed in the dataset section (a browser cannot tell a dropped folder's path):
  //    its buckets and the steps per epoch sd-scripts will print.
  const dataset = page
    .locator('section[aria-labelledby]')
    .filter({ has: page.getByRole('heading', { name: 'Dataset', exact: true }) });
  await act.type(
    'add the dataset folder',
    dataset.getByRole('textbox', { name: 'Folder path' }),
    p.dataset,
    'Enter',
  );
  await expect(field(page, 'subsets.0.image_dir').getByRole('textbox').first()).toHaveValue(p.dataset);
  await expect(dataset).toContainText('512×512');
  await expect(dataset).toContainText('640×384');
  await expect(dataset.getByTestId('figure-batches-value')).toHaveText('5');
  await expect(dataset.getByTestId('figure-steps-per-epoch-value')).toHaveText('5');
  await expect(dataset.getByTestId('figure-total-steps-value')).toHaveText('10');

  // 5. A greyed field: clip skip does not apply to SDXL; it cannot be edited and says why on hover.
  const clipSkip = field(page, 'clip_skip');
  await clipSkip.scrollIntoViewIfNeeded();
  await expect(clipSkip.getByRole('textbox', { name: 'Clip skip' })).toBeDisabled();
  await clipSkip.hover();
  await expect(clipSkip.getByText('Does not apply to SDXL.')).toBeVisible();

  // 6. The side panel's Queue tab; an invalid rank: its error at the field, and "Add to queue" blocked;
  //    fixing it unblocks.
  await act.click('open the Queue tab', page.getByRole('tab', { name: 'Queue' }));
  const addToQueue = page.getByRole('button', { name: 'Add to queue' });
  await expect(addToQueue).toBeEnabled();
  const rank = field(page, 'network_dim').getByRole('textbox', { name: 'Rank (dim)' });
  await act.type('make the rank invalid', rank, '0');
  await expect(field(page, 'network_dim')).toContainText('at least 1');
  await expect(addToQueue).toBeDisabled();
  await act.type('fix the rank', rank, '8');
  await expect(field(page, 'network_dim')).not.toContainText('at least 1');
  await expect(addToQueue).toBeEnabled();

  // 7. Add to queue: the job starts (the queue is not paused, a GPU is free).
  await act.click('add to queue', addToQueue);
  await expect
    .poll(async () => (await jobs(request)).map((job) => job.status), { timeout: 60_000 })
    .toContain('running');
  const count = act.count();
  const summaryLine = `newcomer journey: ${act.summary()} (goal ≤ ${actionGoal})`;
  console.log(summaryLine);
  await testInfo.attach('user-actions', {
    body: `${summaryLine}\n${act.list.map((a, i) => `${i + 1}. ${a.step}: ${a.what}`).join('\n')}\n`,
    contentType: 'text/plain',
  });

  // The job's config is what the form said, and its log streams on its page.
  const [job] = await jobs(request);
  if (!job) throw new Error('no job was queued');
  const full = await call(request, 'jobs.get', { id: job.id });
  const values = (full.config as { values: Record<string, unknown> }).values;
  expect(values.network_dim).toBe(8);
  expect((values.subsets as { image_dir: string }[])[0]?.image_dir).toBe(p.dataset);
  await page.goto(`${host.origin}/#/jobs/${job.id}`);
  await expect(page.getByTestId('job-status')).toHaveText('Running');
  await expect(page.getByTestId('log-line').first()).toBeVisible({ timeout: 60_000 });
  const first = await lastPainted(page);
  await expect.poll(() => lastPainted(page), { timeout: 60_000 }).toBeGreaterThan(first);
  expect(errors).toEqual([]);
  expect(count, act.summary()).toBeLessThanOrEqual(actionGoal);
});

/** A field's row in the form, by its values path. */
function field(page: Page, path: string) {
  return page.locator(`[data-field-path="${path}"]`);
}
