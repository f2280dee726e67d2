/**
 * The real sd-scripts on CPU, prepared by the shared kit (`../shared/real-trainers/sd-scripts-cpu/`):
 * its venv, tokenizer, random SD 1.5 model and 5-image dataset in a cache folder. Nothing of the kit
 * or of sd-scripts is kept in this repository; the kit is run in place, without its own training.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RealKit {
  /** The cache folder (W in the kit's words). */
  dir: string;
  python: string;
  sdScripts: string;
  model: string;
  tokenizerCache: string;
  /** 5 captioned 64 px images. */
  images: string;
  sdScriptsCommit: string;
}

export const kitResolution = 64;

export function kitDir(): string {
  return process.env.DPGUI_REAL_DIR ?? join(homedir(), '.cache', 'dpgui-real');
}

export function kitScript(repoRoot: string): string {
  return join(repoRoot, '..', 'shared', 'real-trainers', 'sd-scripts-cpu', 'run_sdscripts_cpu.sh');
}

/**
 * Runs the kit with SKIP_TRAIN=1 (it is idempotent: venv, model and tokenizer are reused). Once the
 * venv, the open_clip wheel and the model are there it also skips pip, so a rerun needs no network.
 */
export function prepareKit(repoRoot: string, log: (line: string) => void): RealKit {
  const script = kitScript(repoRoot);
  if (!existsSync(script))
    throw new Error(
      `The real-trainer kit is missing: ${script} (the repository's parent must hold shared/).`,
    );
  const sdsGit = process.env.SDS_GIT;
  if (!sdsGit || !existsSync(sdsGit))
    throw new Error(
      `SDS_GIT must name a git dir of kohya-ss/sd-scripts (a clone, e.g. SDS_GIT=/path/to/sd-scripts/.git)${sdsGit ? `; ${sdsGit} does not exist` : ''}.`,
    );
  const dir = kitDir();
  const python = join(dir, 'venv', 'bin', 'python');
  const model = join(dir, 'model', 'sd15_random_fp16.safetensors');
  const wheels = join(dir, 'wheels');
  const haveWheel = existsSync(wheels) && readdirSync(wheels).some((f) => f.startsWith('open_clip_torch-'));
  const reuse = existsSync(python) && existsSync(model) && haveWheel;
  log(
    `kit: ${script}\nkit: W=${dir} SDS_GIT=${sdsGit} (${reuse ? 'venv and model reused' : 'first run: pip, model'})`,
  );
  const started = Date.now();
  const run = spawnSync('bash', [script], {
    env: {
      ...process.env,
      W: dir,
      SDS_GIT: sdsGit,
      SKIP_TRAIN: '1',
      RES: String(kitResolution),
      ...(reuse ? { SKIP_PIP: '1', PY_SYS: python } : {}),
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 0)
    throw new Error(
      `The kit failed (exit ${run.status ?? run.signal}):\n${output.split('\n').slice(-30).join('\n')}`,
    );
  log(`kit: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const sdScripts = join(dir, 'sd-scripts');
  const commitFile = join(sdScripts, '.commit');
  return {
    dir,
    python,
    sdScripts,
    model,
    tokenizerCache: join(dir, 'tokenizer_cache'),
    images: join(dir, 'data', 'img'),
    sdScriptsCommit: existsSync(commitFile) ? readFileSync(commitFile, 'utf8').trim() : '?',
  };
}
