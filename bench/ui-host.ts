/**
 * What the ui.* bench cases (cases/ui.ts) stand on: the built `dpgui serve` with a generic trainer set
 * up (bench/fixtures/ui_trainer.py as its command, CPU jobs), Debian's Chromium started as
 * playwright.config.ts starts it, a case that skips (value NaN, `skipped` says why) when either or the
 * job page's log panel is missing, and the page helpers the log cases share. Page code is source text:
 * the bench's TypeScript has no DOM types.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { launchHost, type RunningHost } from '../tests/support/launch-headless-host';
import { postChannel } from '../tests/support/post-channel';
import { createProcessTable } from '../src/main/core/platform/process-identity';
import type { LogsReadResponse, RequestName } from '../src/shared/contract';
import type { Job } from '../src/shared/contract/jobs';
import type { BenchCase, CaseResult } from './harness';
import { endTrainings, isFinished, until } from './trainings';

const repoRoot = join(import.meta.dirname, '..');
const uiTrainer = join(repoRoot, 'bench', 'fixtures', 'ui_trainer.py');
const chromiumPath = process.env.DPGUI_CHROMIUM ?? '/usr/bin/chromium';
const builtRenderer = join(repoRoot, 'out', 'renderer', 'index.html');
const processes = createProcessTable();

/** The interpreter itself (a version manager's shim is a script the host does not take for a Python). */
const python = (): string =>
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

export class Skip extends Error {}

// ---- the host, the browser and the jobs ----

export interface UiHost {
  host: RunningHost;
  root: string;
  browser: Browser;
  ok: <T>(channel: RequestName, payload: unknown) => Promise<T>;
  /** A CPU job running ui_trainer.py with these flags. */
  enqueue: (name: string, trainerArgs: string) => Promise<string>;
  job: (id: string) => Promise<Job>;
}

export { isFinished, sleep, until } from './trainings';
export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Why a case cannot run here, or null. */
function missingPrerequisite(): string | null {
  if (!existsSync(chromiumPath))
    return `no Chromium at ${chromiumPath} (install Debian's chromium or set DPGUI_CHROMIUM)`;
  if (!existsSync(builtRenderer)) return 'no built renderer in out/ (run npm run build first)';
  return null;
}

/** A case body with a fresh host (a generic trainer set up) and Chromium; skips cleanly, always cleans up. */
export function uiCase(name: string, unit: string, body: (h: UiHost) => Promise<CaseResult>): BenchCase {
  return {
    name,
    async run() {
      const missing = missingPrerequisite();
      if (missing) return { value: Number.NaN, unit, skipped: missing };
      try {
        // The machine's load beside each figure: on a shared box it explains a slow run.
        const loadBefore = loadavg()[0] ?? Number.NaN;
        const result = await withUiHost(body);
        return {
          ...result,
          loadAvg1mBefore: round(loadBefore, 2),
          loadAvg1mAfter: round(loadavg()[0] ?? Number.NaN, 2),
        };
      } catch (error) {
        if (error instanceof Skip) return { value: Number.NaN, unit, skipped: error.message };
        throw error;
      }
    },
  };
}

async function startChromium(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: chromiumPath,
      // As playwright.config.ts starts it.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    throw new Skip(`Chromium at ${chromiumPath} did not start: ${String(error).split('\n')[0]}`);
  }
}

async function withUiHost<T>(body: (h: UiHost) => Promise<T>): Promise<T> {
  // First: a browser that does not start skips the case before a host is there to clean up.
  const browser = await startChromium();
  const root = mkdtempSync(join(tmpdir(), 'dpgui-bench-ui-'));
  const host = await launchHost({
    checkResponses: false,
    removeDataDir: true,
    env: {
      ...process.env,
      PATH: [join(repoRoot, 'tests', 'fixtures', 'bin'), dirname(python()), process.env.PATH ?? ''].join(
        delimiter,
      ),
      FAKE_NVIDIA_SMI_GPUS: '1',
    },
  }).catch(async (error: unknown) => {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
    throw error;
  });
  const ids: string[] = [];
  const ok = async <T>(channel: RequestName, payload: unknown): Promise<T> => {
    const { status, body } = await postChannel(host, channel, payload);
    if (status !== 200) throw new Error(`${channel} answered ${status}: ${JSON.stringify(body)}`);
    return body as T;
  };
  const h: UiHost = {
    host,
    root,
    browser,
    ok,
    job: (id) => ok<Job>('jobs.get', { id }),
    async enqueue(name, trainerArgs) {
      const { id } = await ok<Job>('jobs.enqueue', {
        name,
        config: {
          trainer: 'generic',
          family: 'hydra',
          values: { command: `{python} ${uiTrainer} ${trainerArgs}`, config: { lr: 0.0001 }, overrides: [] },
        },
        gpus: { count: 0 },
      });
      ids.push(id);
      return id;
    },
  };
  try {
    await ok('settings.set', {
      trainers: {
        sdScripts: { python: '', folder: '', env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: python(), folder: '' },
      },
    });
    return await body(h);
  } finally {
    await browser.close().catch(() => undefined);
    await endTrainings(ids, h.job, (id) => ok('jobs.cancel', { id }), processes);
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

export async function waitForJob(
  h: UiHost,
  id: string,
  wanted: (job: Job) => boolean,
  what: string,
  ms: number,
): Promise<Job> {
  return until(
    what,
    async () => {
      const job = await h.job(id);
      if (isFinished(job) && !wanted(job)) {
        const tail = await h.ok<LogsReadResponse>('logs.read', { jobId: id, last: 20 }).catch(() => null);
        throw new Error(
          `the bench job ended ${job.status} (${job.reasonCode ?? 'no reason'}, exit ${job.exitCode ?? '-'}) while waiting for ${what}; its last lines:\n${tail?.lines.map((l) => l.text).join('\n') ?? '(none)'}`,
        );
      }
      return wanted(job) ? job : null;
    },
    ms,
  );
}

export const totalLines = async (h: UiHost, jobId: string): Promise<number> =>
  (await h.ok<LogsReadResponse>('logs.read', { jobId, fromLine: 0, count: 1 })).totalLines;

// ---- in the page ----

/** Defines `window.__afterPaint(fn)`: calls fn once the frame after this moment has been produced. */
export const afterPaintScript = `window.__afterPaint = (fn) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => fn();
  channel.port2.postMessage(null);
});`;

/** Opens the app as its printed URL does (the token), then the job's page on its log. */
export async function openJobLog(context: BrowserContext, host: RunningHost, jobId: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(afterPaintScript);
  await page.goto(host.url);
  await page
    .getByTestId('status-connection')
    .and(page.locator('[data-tone="ok"]'))
    .waitFor({ timeout: 30_000 });
  await page.goto(`${host.origin}/#/jobs/${jobId}?tab=log`);
  try {
    await page.getByTestId('job-log').waitFor({ timeout: 20_000 });
  } catch {
    throw new Skip(
      'the job page shows no log panel ([data-testid="job-log"]): build views/job/log/JobLogPanel.tsx into JobView, then npm run build',
    );
  }
  return page;
}

/** The highest data-line painted in the log panel now (-1 when none). */
export const lastPaintedLine = (page: Page): Promise<number> =>
  page.evaluate<number>(`(() => {
    let last = -1;
    for (const row of document.querySelectorAll('[data-testid="job-log"] [data-testid="log-line"]'))
      last = Math.max(last, Number(row.getAttribute('data-line')));
    return last;
  })()`);

export async function followOn(page: Page): Promise<boolean> {
  const toggle = page.getByTestId('log-follow');
  return (await toggle.count()) > 0 && (await toggle.first().getAttribute('aria-pressed')) === 'true';
}

/** The go file a waiting ui_trainer.py starts at, and the flags that make it wait for it. */
function goFile(h: UiHost, name: string): { path: string; flag: string } {
  const path = join(h.root, `${name}.go`);
  return { path, flag: `--wait-for ${path}` };
}

/** A job whose trainer printed "waiting for the bench" and waits for the go file, and its page following it. */
export async function waitingJobFollowed(
  h: UiHost,
  name: string,
  trainerArgs: string,
): Promise<{ page: Page; go: () => void; jobId: string }> {
  const go = goFile(h, name);
  const jobId = await h.enqueue(name, `${go.flag} ${trainerArgs}`);
  await waitForJob(h, jobId, (job) => job.status === 'running', `${name} to run`, 60_000);
  await until(`${name}'s first line`, async () => (await totalLines(h, jobId)) >= 1, 30_000);
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openJobLog(context, h.host, jobId);
  await page
    .getByTestId('log-line')
    .filter({ hasText: 'waiting for the bench' })
    .waitFor({ timeout: 20_000 });
  return { page, jobId, go: () => writeFileSync(go.path, '') };
}

// ---- the editor (ui.editor_open, ui.keystroke_to_issue, ui.import_to_form) ----

/** The editor on the built-in SDXL LoRA preset: what `ui.editor_*` open. */
export const sdxlEditorRoute = '/editor?preset=builtin:sd-scripts-sdxl-lora';

/**
 * A page of a fresh context that already holds the printed URL's token (as a tab that opened it
 * does), so `goto(route)` is the app's first load at that address.
 */
export async function tokenPage(h: UiHost): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(afterPaintScript);
  await page.addInitScript(
    `sessionStorage.setItem('dpgui.token', ${JSON.stringify(h.host.token)}); localStorage.setItem('dpgui.firstStart.skipped', '1');`,
  );
  return page;
}

/** Opens the editor at `route` and waits for its form; skips the case when the editor is not built. */
export async function openEditor(page: Page, h: UiHost, route = sdxlEditorRoute): Promise<void> {
  await page.goto(`${h.host.origin}/#${route}`);
  try {
    await page.locator('[data-field-path="network_dim"]').first().waitFor({ timeout: 30_000 });
  } catch {
    throw new Skip(
      'the editor shows no form field [data-field-path="network_dim"] at #/editor?preset=builtin:sd-scripts-sdxl-lora: build views/editor (form and page), then npm run build',
    );
  }
}

/** The PySide trainer's saved TOML (field-catalogue A.16) with a rank and a name that say which run it was. */
export function benchPysideToml(rank: number): string {
  return `[[subsets]]
num_repeats = 10
caption_extension = ".txt"
name = "bench"
image_dir = "/data/10_bench"
shuffle_caption = true
keep_tokens = 1

[general_args.args]
mixed_precision = "bf16"
seed = 23
max_train_epochs = 10
pretrained_model_name_or_path = "/models/base.safetensors"
sdxl = true
sdpa = true
cache_latents = true

[general_args.dataset_args]
resolution = 1024
batch_size = 2

[network_args.args]
network_dim = ${rank}
network_alpha = 16.0

[optimizer_args.args]
optimizer_type = "AdamW8bit"
lr_scheduler = "cosine"
learning_rate = 0.0001

[saving_args.args]
output_dir = "/out"
output_name = "bench_${rank}"
easy_name = "v1"

[bucket_args.dataset_args]
enable_bucket = true
bucket_reso_steps = 64

[train_mode]
train_mode = "lora"
`;
}
