import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../tests/fixtures/fake-trainers/real-fixtures';
import { classifyExit, type ExitFacts } from './exit-reasons';

const facts = (over: Partial<ExitFacts>): ExitFacts => ({
  trainer: 'sd-scripts',
  exitCode: 1,
  signal: null,
  stopRequested: false,
  logTail: [],
  lastStep: null,
  savedSomething: false,
  ...over,
});
const lines = (text: string): string[] => text.split('\n');

describe('why a trainer ended', () => {
  it("reads the real CUDA out-of-memory traceback and gives that trainer's memory savers", () => {
    const tail = lines(readCapture('oom.stderr'));
    const sd = classifyExit(facts({ logTail: tail }));
    expect(sd?.code).toBe('oom');
    expect(sd?.hint).toMatch(/gradient checkpointing/);
    expect(sd?.hint).toMatch(/AdamW8bit/);
    const dp = classifyExit(facts({ trainer: 'diffusion-pipe', logTail: tail }));
    expect(dp?.hint).toMatch(/blocks_to_swap/);
    expect(dp?.hint).toMatch(/unsloth/);
  });

  it('reads the real EADDRINUSE port clash and names the port', () => {
    const reason = classifyExit(facts({ logTail: lines(readCapture('port-clash.stderr')) }));
    expect(reason?.code).toBe('port-clash');
    expect(reason?.reason).toContain('29613');
  });

  it('blames the kernel OOM killer for a SIGKILL DPGui did not send, but not for one it did', () => {
    expect(classifyExit(facts({ exitCode: null, signal: 'SIGKILL' }))?.code).toBe('killed');
    expect(classifyExit(facts({ exitCode: null, signal: 'SIGKILL', stopRequested: true }))?.code).toBe(
      'canceled',
    );
    // diffusion-pipe's launcher turns the child's -9 into exit status 247.
    const dp = facts({
      trainer: 'diffusion-pipe',
      exitCode: 247,
      logTail: [
        "[ERROR] [launch.py:341:sigkill_handler] ['/venv/bin/python', '-u', 'train.py'] exits with return code = -9",
      ],
    });
    expect(classifyExit(dp)?.code).toBe('killed');
    const accelerate = facts({
      logTail: [
        "subprocess.CalledProcessError: Command '['/venv/bin/python', 'train_network.py']' died with <Signals.SIGKILL: 9>.",
      ],
    });
    expect(classifyExit(accelerate)?.code).toBe('killed');
    expect(classifyExit(facts({ exitCode: null, signal: 'SIGSEGV' }))?.reason).toMatch(/crashed/);
    expect(classifyExit(facts({ exitCode: null, signal: 'SIGTERM' }))?.reason).toMatch(/did not send/);
  });

  it('recognises a full disk, a missing model, a repo id, a missing module, a failed resume and a NaN loss', () => {
    const cases: [string[], string, RegExp][] = [
      [['OSError: [Errno 28] No space left on device'], 'no-space', /disk is full/],
      [
        [
          '                    ERROR    model is not found as a file or in Hugging Face, perhaps file name is wrong? / 指定したモデル名のファイル、またはHugging Faceのモデルが見つかりません。ファイル名が誤っているかもしれません: /models/sd15.safetensors',
        ],
        'missing-file',
        /\/models\/sd15\.safetensors/,
      ],
      [
        ["FileNotFoundError: [Errno 2] No such file or directory: '/m/flux1-dev.safetensors'"],
        'missing-file',
        /flux1-dev/,
      ],
      [
        ['ValueError: Invalid `pretrained_model_name_or_path` provided. Please set it to a valid URL.'],
        'not-local-model',
        /repo id/,
      ],
      [["ModuleNotFoundError: No module named 'bitsandbytes.nn'"], 'missing-module', /"bitsandbytes"/],
      [
        [
          'Unable to find latest file at /out/run/latest, if trying to load latest checkpoint please ensure this file exists',
          'AssertionError',
        ],
        'nothing-to-resume',
        /resume/,
      ],
      [['steps: 120 loss: nan iter time (s): 2.0 samples/sec: 0.5'], 'nan-loss', /NaN/],
    ];
    for (const [tail, code, reason] of cases) {
      const found = classifyExit(facts({ logTail: tail }));
      expect(found?.code, tail[0]).toBe(code);
      expect(`${found?.reason ?? ''} ${found?.hint ?? ''}`, tail[0]).toMatch(reason);
    }
  });

  it('calls exit 0 without a step or a save a failure, and a real finish a success', () => {
    const noImages = classifyExit(
      facts({
        exitCode: 0,
        logTail: [
          '                    ERROR    No data found. Please verify arguments (train_data_dir must be the parent of folders with images)',
        ],
      }),
    );
    expect(noImages?.code).toBe('no-training');
    expect(noImages?.hint).toMatch(/No images were found/);
    expect(classifyExit(facts({ exitCode: 0, lastStep: 10, savedSomething: true }))).toBeNull();
  });

  it('calls exit 0 after a stop request a stop when nothing was trained, and a finish when it was', () => {
    // A cancel while it started: the trainer ended cleanly before its first step.
    expect(classifyExit(facts({ exitCode: 0, stopRequested: true }))?.code).toBe('canceled');
    expect(classifyExit(facts({ exitCode: 0, stopRequested: true, lastStep: 0 }))?.code).toBe('canceled');
    // It finished on its own before the stop took effect.
    expect(classifyExit(facts({ exitCode: 0, stopRequested: true, lastStep: 10 }))).toBeNull();
    expect(classifyExit(facts({ exitCode: 0, stopRequested: true, savedSomething: true }))).toBeNull();
  });

  it('names the exception of any other failure', () => {
    const other = classifyExit(
      facts({
        exitCode: 1,
        logTail: [
          'Traceback (most recent call last):',
          '  File "x.py", line 1',
          'ValueError: Unknown optimizer type: adamw9',
        ],
      }),
    );
    expect(other).toMatchObject({
      code: 'failed',
      reason: 'The trainer failed (exit code 1): ValueError: Unknown optimizer type: adamw9',
    });
  });
});
