/**
 * Why a trainer ended, in words a person can act on: from python-bridge's exit.json (exit code,
 * signal, whether we asked it to stop) and the tail of its display log. Pure; the texts it looks for
 * are the real ones (shared/fixtures, trainers.md C.5, diffusion-pipe.md §4.1); each trainer's own
 * hints are in its runtime.
 */
import type { JobReasonCode, TrainerKind } from '../../../shared/contract/jobs';
import { trainerRuntime } from '../trainers';

/** The reason codes a trainer's end can have (the contract's list holds the queue's own too). */
export type ExitReasonCode = Extract<
  JobReasonCode,
  | 'port-clash'
  | 'oom'
  | 'no-space'
  | 'not-local-model'
  | 'missing-file'
  | 'missing-module'
  | 'nothing-to-resume'
  | 'nan-loss'
  | 'killed'
  | 'crashed'
  | 'signal'
  | 'canceled'
  | 'no-training'
  | 'failed'
>;

export interface ExitReason {
  code: ExitReasonCode;
  reason: string;
  hint: string;
}

export interface ExitFacts {
  trainer: TrainerKind;
  exitCode: number | null;
  /** e.g. "SIGKILL"; null when it exited by itself. */
  signal: string | null;
  /** Someone asked it to stop (cancel, stop-and-save); then a signal is ours. */
  stopRequested: boolean;
  /** The last lines of its display log, oldest first. */
  logTail: readonly string[];
  /** The last step it reported (null: none). */
  lastStep: number | null;
  /** It saved a checkpoint or sample. */
  savedSomething: boolean;
}

/** The last line matching `pattern`, searching from the end (the final traceback is the one that counts). */
function lastMatch(lines: readonly string[], pattern: RegExp): RegExpExecArray | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = pattern.exec(lines[i] ?? '');
    if (match) return match;
  }
  return null;
}

/** The exception line that ended a Python traceback, e.g. "ValueError: bad value". */
function lastException(lines: readonly string[]): string | null {
  const match = lastMatch(
    lines,
    /^(?:\[rank\d+\]:\s*)?((?:[\w.]+\.)?\w*(?:Error|Exception|Interrupt)\b:?.*)$/,
  );
  return match?.[1]?.trim() ?? null;
}

export function classifyExit(facts: ExitFacts): ExitReason | null {
  const tail = facts.logTail;
  const has = (pattern: RegExp): RegExpExecArray | null => lastMatch(tail, pattern);
  const exception = lastException(tail);

  if (facts.stopRequested && (facts.signal !== null || facts.exitCode !== 0)) {
    return { code: 'canceled', reason: 'Stopped on request.', hint: '' };
  }

  let match = has(/EADDRINUSE|address already in use|failed to bind to .*errno: 98/i);
  if (match) {
    const port = /port: (\d+)/.exec(match.input)?.[1] ?? /:(\d{2,5})\b/.exec(match.input)?.[1];
    return {
      code: 'port-clash',
      reason: `The distributed port${port ? ` ${port}` : ''} was already in use by another process.`,
      hint:
        'DPGui relaunches such a job once on a new port. If it fails again, a process outside DPGui holds ' +
        'the ports: see `ss -ltnp` and end the stale training.',
    };
  }
  if (has(/CUDA out of memory|OutOfMemoryError|CUDA error: out of memory/)) {
    return {
      code: 'oom',
      reason: 'The GPU ran out of memory (CUDA out of memory).',
      hint: trainerRuntime(facts.trainer).outOfMemoryHint,
    };
  }
  if (has(/No space left on device|ENOSPC|\[Errno 28\]/)) {
    return {
      code: 'no-space',
      reason: 'The disk is full (no space left on device).',
      hint: 'Free space on the disk of the output folder (or of the cache/temp folder), then retry; a resume continues from the last saved state.',
    };
  }
  match = has(
    /Invalid `pretrained_model_name_or_path`|is not a local folder and is not a valid model identifier|Repo id must|RepositoryNotFoundError|HFValidationError|OfflineModeIsEnabled|LocalEntryNotFoundError|couldn't connect to 'https:\/\/huggingface\.co'/,
  );
  if (match) {
    return {
      code: 'not-local-model',
      reason:
        'A Hugging Face repo id (or a path that does not exist) was given where a local model file was needed.',
      hint: 'Download the model and point the path at the local .safetensors file (or Diffusers folder) on this machine.',
    };
  }
  match = has(
    /model is not found as a file or in Hugging Face.*?: (.+)$|FileNotFoundError:.*?['"]?([^'"\s]+\.(?:safetensors|ckpt|pt|pth|bin|gguf))['"]?|No such file or directory: '([^']+\.(?:safetensors|ckpt|pt|pth|bin|gguf))'/,
  );
  if (match) {
    const path = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    return {
      code: 'missing-file',
      reason: `A model file was not found${path ? `: ${path}` : ''}.`,
      hint: 'Check the model path in the job config: it must name an existing file on the machine that trains.',
    };
  }
  match = has(/ModuleNotFoundError: No module named '([^']+)'/);
  if (match) {
    const module = (match[1] ?? '').split('.')[0] ?? '';
    return {
      code: 'missing-module',
      reason: `The Python module "${module}" is missing from the trainer's environment.`,
      hint: `Install it into the trainer's venv (\`<venv>/bin/python -m pip install ${module}\`), or check that the install's interpreter is the right venv.`,
    };
  }
  if (
    has(/Unable to find latest file at|assert load_path is not None|resume.*(?:not found|does not exist)/i)
  ) {
    return {
      code: 'nothing-to-resume',
      reason: 'It was asked to resume, but there is no saved state to resume from.',
      hint: 'Start it without resume, or turn on saving the training state (save_state) so that a later resume has something to load.',
    };
  }
  if (has(/\bloss[:=] ?nan\b|avr_loss=nan|\bloss is nan\b|NaN (?:loss|detected)/i)) {
    return {
      code: 'nan-loss',
      reason: 'The loss became NaN: training diverged.',
      hint: 'Lower the learning rate, prefer bf16 over fp16 (or train in fp32), and check the dataset for broken images or empty captions.',
    };
  }
  const killedByOomKiller =
    (facts.signal === 'SIGKILL' && !facts.stopRequested) ||
    (facts.exitCode === 247 && has(/exits with return code = -9/)) ||
    // accelerate launch reports its child's SIGKILL and exits 1.
    (!facts.stopRequested && has(/died with <Signals\.SIGKILL: 9>|returned non-zero exit status -9\b/)) ||
    facts.exitCode === 137;
  if (killedByOomKiller) {
    return {
      code: 'killed',
      reason:
        "It was killed (SIGKILL) by something other than DPGui — most likely the kernel's out-of-memory killer.",
      hint: 'System RAM ran out: `journalctl -k | grep -i oom` tells. Run fewer jobs at once, cache latents to disk, use fewer data-loader workers or block swapping that needs less RAM.',
    };
  }
  if (facts.signal !== null) {
    const crash = facts.signal === 'SIGSEGV' || facts.signal === 'SIGBUS' || facts.signal === 'SIGABRT';
    return {
      code: crash ? 'crashed' : 'signal',
      reason: crash
        ? `It crashed (${facts.signal}).`
        : `It was ended by ${facts.signal}, which DPGui did not send.`,
      hint: crash
        ? 'A native library (CUDA, a driver, xformers, bitsandbytes) crashed: check their versions against the torch build.'
        : 'Something outside DPGui stopped it: another user, a shutdown, or a watchdog.',
    };
  }
  if (facts.exitCode === 0) {
    if (facts.lastStep !== null && facts.lastStep > 0) return null;
    if (facts.savedSomething) return null;
    // Asked to stop before it trained (a cancel while it started): it ended on request, not for lack of data.
    if (facts.stopRequested) return { code: 'canceled', reason: 'Stopped on request.', hint: '' };
    const noData = has(/No data found|画像がありません/);
    const resolutions = has(/more than \d+ resolutions|--i_know_what_i_am_doing/i);
    return {
      code: 'no-training',
      reason: 'The trainer exited without training: no step was made and nothing was saved.',
      hint: noData
        ? 'No images were found: the image folder must hold the images (for sd-scripts, train_data_dir is the parent of the "N_name" folders).'
        : resolutions
          ? 'diffusion-pipe refused the dataset (too many resolutions) and exited quietly: use fewer resolutions.'
          : 'Check the dataset paths and the end of the log; a cache-only run also ends like this.',
    };
  }
  return {
    code: 'failed',
    reason: `The trainer failed (exit code ${facts.exitCode ?? 'unknown'})${exception ? `: ${exception.slice(0, 300)}` : '.'}`,
    hint: 'The end of the log says more; fix the cause and retry.',
  };
}
