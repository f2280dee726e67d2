import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../../../../tests/fixtures/fake-trainers/real-fixtures';
import { createDisplayAssembler } from '../../logs/display-assembler';
import { createProgressTracker, type Progress, type ProgressTracker } from './progress-tracker';

/** Replays the real sd-scripts run through the display log into a tracker, progress after each read. */
function replayRealRun(tracker: ProgressTracker): Progress[] {
  const assembler = createDisplayAssembler();
  const seen: Progress[] = [];
  for (const chunk of readChunks('plain_split_unbuf')) {
    for (const line of assembler.push(chunk.stream, chunk.bytes, 0)) tracker.line(line.text);
    tracker.openLines(assembler.openLines().map((open) => open.text));
    seen.push(tracker.progress());
  }
  for (const line of assembler.end(0)) tracker.line(line.text);
  seen.push(tracker.progress());
  return seen;
}

describe('progress of the real sd-scripts run', () => {
  it('reaches step 10 of 10, epoch 2 of 2, with the real avr_loss, and finishes', () => {
    const tracker = createProgressTracker('sd-scripts', { saveEveryNSteps: 5, sampleEveryNSteps: 5 });
    const seen = replayRealRun(tracker);
    expect(seen.at(-1)).toMatchObject({
      phase: 'finished',
      step: 10,
      total: 10,
      epoch: 2,
      epochs: 2,
      smoothedLoss: 1.05,
      loss: null,
      etaSeconds: 0,
    });
    expect(seen.at(-1)?.itPerSec).toBeCloseTo(1.14, 2);
    // Phases in the order a user saw them.
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual([
      'loading',
      'caching',
      'training',
      'sampling',
      'saving',
      'training',
      'sampling',
      'saving',
      'training',
      'saving',
      'training',
      'finished',
    ]);
  });

  it('stays finished when the final checkpoint line is read after "model saved." (two streams, read in turn)', () => {
    const tracker = createProgressTracker('sd-scripts');
    tracker.line('INFO     model saved.                  train_network.py:1729');
    tracker.line('saving checkpoint: /out/cpu_lora.safetensors');
    expect(tracker.progress().phase).toBe('finished');
  });

  it('says when the next save and sample come, from the job config', () => {
    const tracker = createProgressTracker('sd-scripts', { saveEveryNSteps: 5, sampleEveryNSteps: 5 });
    const atStep = new Map(replayRealRun(tracker).map((p) => [p.step, p]));
    expect(atStep.get(3)).toMatchObject({ nextSave: 5, nextSample: 5 });
    expect(atStep.get(7)).toMatchObject({ nextSave: 10, nextSample: 10 });
    // Every 2 epochs of 5 steps: the first epoch save would be at 10, where the final model is saved.
    const byEpoch = createProgressTracker('sd-scripts', { saveEveryNEpochs: 1 });
    expect(new Map(replayRealRun(byEpoch).map((p) => [p.step, p])).get(2)).toMatchObject({
      nextSave: 5,
      nextSample: null,
    });
  });

  it('gives one metric row per step with its last avr_loss (the bar is drawn twice per step)', () => {
    const tracker = createProgressTracker('sd-scripts');
    replayRealRun(tracker);
    const rows = new Map(tracker.takeMetrics().map((row) => [row.step, row.smoothedLoss]));
    expect([...rows.entries()]).toEqual([
      [1, 1.18],
      [2, 1.12],
      [3, 1.08],
      [4, 1.11],
      [5, 1.13],
      [6, 1.12],
      [7, 1.09],
      [8, 1.08],
      [9, 1.07],
      [10, 1.05],
    ]);
    expect(tracker.takeMetrics()).toEqual([]);
  });

  it('records each step in the epoch it ran in, though "epoch 2/2" is printed after step 5', () => {
    const tracker = createProgressTracker('sd-scripts');
    replayRealRun(tracker);
    // The chart draws the epoch boundary where the recorded epoch changes: between steps 5 and 6.
    const epochs = tracker.takeMetrics().map((row): [number, number | null] => [row.step, row.epoch]);
    expect(new Map(epochs)).toEqual(
      new Map([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
        [6, 2],
        [7, 2],
        [8, 2],
        [9, 2],
        [10, 2],
      ]),
    );
  });

  it("prefers python-bridge's exact tqdm events over the rounded bar text", () => {
    const tracker = createProgressTracker('sd-scripts');
    tracker.bridgeEvent({
      t: 1,
      type: 'progress',
      bar: { id: 1, desc: 'steps' },
      n: 3,
      total: 10,
      rate: 1.25,
      elapsed: 2.4,
      postfix: { avr_loss: '1.0832' },
      unit: 'it',
    });
    tracker.openLines(['steps:  30%|███       | 3/10 [00:02<00:06,  1.07it/s, avr_loss=1.08]']);
    expect(tracker.progress()).toMatchObject({
      step: 3,
      total: 10,
      itPerSec: 1.25,
      smoothedLoss: 1.0832,
      etaSeconds: 5.6,
      phase: 'training',
    });
    // The learning rate the hook read from sd-scripts' LR scheduler, which its bar does not show.
    tracker.bridgeEvent({
      t: 2,
      type: 'progress',
      bar: { id: 1, desc: 'steps' },
      n: 4,
      total: 10,
      rate: 1.25,
      elapsed: 3.2,
      postfix: { avr_loss: 1.07 },
      unit: 'it',
      lr: 0.0001,
    });
    expect(tracker.progress()).toMatchObject({ step: 4, smoothedLoss: 1.07, lr: 0.0001 });
    expect(tracker.takeMetrics().at(-1)).toEqual({
      step: 4,
      loss: null,
      smoothedLoss: 1.07,
      lr: 0.0001,
      epoch: null,
    });
    // The raw loss the hook read from sd-scripts' loss recorder; a trainer's own postfix loss wins.
    tracker.bridgeEvent({
      t: 3,
      type: 'progress',
      bar: { id: 1, desc: 'steps' },
      n: 5,
      total: 10,
      rate: 1.25,
      elapsed: 4,
      postfix: { avr_loss: 1.06 },
      unit: 'it',
      loss: 1.02,
    });
    expect(tracker.takeMetrics().at(-1)).toMatchObject({ step: 5, loss: 1.02, smoothedLoss: 1.06 });
    tracker.bridgeEvent({
      t: 4,
      type: 'progress',
      bar: { id: 1, desc: 'steps' },
      n: 6,
      total: 10,
      rate: 1.25,
      elapsed: 4.8,
      postfix: { avr_loss: 1.05, loss: 0.98 },
      unit: 'it',
      loss: 1.5,
    });
    expect(tracker.progress()).toMatchObject({ step: 6, loss: 0.98, smoothedLoss: 1.05 });
    // Other bars (caching, sampling) and unknown events change nothing.
    expect(tracker.bridgeEvent({ type: 'progress', bar: { id: 2, desc: null }, n: 1, total: 2 })).toBe(false);
    expect(tracker.bridgeEvent({ type: 'hook_error', message: 'x' })).toBe(false);
    expect(tracker.bridgeEvent('not an object')).toBe(false);
  });
});

describe("the real sd-scripts' learning rate and loss", () => {
  it('come with every step from the hook (real sd-scripts, cosine over 4 steps, on the CPU)', () => {
    // python-bridge's hook in train_network.py (sd-scripts 48d368f, torch 2.6.0): its events.jsonl.
    const events = readFileSync('tests/fixtures/bridge-events/sd-scripts-cosine-4-steps.jsonl', 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
    const tracker = createProgressTracker('sd-scripts');
    const metrics = events.flatMap((event) => {
      tracker.bridgeEvent(event);
      return tracker.takeMetrics();
    });
    const byStep = new Map(metrics.map((point) => [point.step, point]));
    expect([...byStep.values()].map(({ step, lr }) => [step, lr])).toEqual([
      [1, 8.535533905932738e-5],
      [2, 5e-5],
      [3, 1.4644660940672627e-5],
      [4, 0],
    ]);
    // Each step's own batch loss (its loss/current); the bar's avr_loss is their running mean.
    expect([...byStep.values()].map(({ step, loss }) => [step, loss])).toEqual([
      [1, 1.1792607307434082],
      [2, 1.069108009338379],
      [3, 1.0000172853469849],
      [4, 1.1907446384429932],
    ]);
    const losses = [...byStep.values()].map(({ loss }) => loss ?? Number.NaN);
    expect(losses.reduce((a, b) => a + b, 0) / losses.length).toBeCloseTo(1.1097826659679413, 12);
    expect(byStep.get(4)?.smoothedLoss).toBe(1.1097826659679413);
    expect(tracker.progress()).toMatchObject({ step: 4, total: 4, lr: 0, loss: 1.1907446384429932 });
  });
});

describe('progress of diffusion-pipe', () => {
  const lines = [
    '[2026-08-20 14:03:07,000] [INFO] [runner.py:630:main] cmd = /venv/bin/python -u -m deepspeed.launcher.launch --world_info=eyJsb2NhbGhvc3QiOiBbMF19 --master_addr=127.0.0.1 --master_port=29611 train.py',
    'caching latents: /data/set/1024',
    'Started new epoch: 1',
    'steps: 1 loss: 0.1500 iter time (s): 2.000 samples/sec: 0.500',
    '[2026-08-20 14:04:00,000] [INFO] [logging.py:107:log_dist] [Rank 0] step=1, skipped=0, lr=[2e-05], mom=[(0.9, 0.99)]',
    'steps: 2 loss: 0.1300 iter time (s): 1.900 samples/sec: 0.526',
    'steps: 3 loss: 0.1100 iter time (s): 2.000 samples/sec: 0.500',
    'steps: 4 loss: 0.1100 iter time (s): 2.000 samples/sec: 0.500',
    'Started new epoch: 2',
    'Saving model to directory epoch1',
  ];

  it('reads steps, loss, lr and epochs, and learns the steps per epoch when epoch 2 starts', () => {
    const tracker = createProgressTracker('diffusion-pipe', { epochs: 10, saveEveryNEpochs: 2 });
    const phases: string[] = [];
    for (const line of lines) {
      tracker.line(line);
      phases.push(tracker.progress().phase);
    }
    expect(phases.slice(0, 4)).toEqual(['loading', 'caching', 'training', 'training']);
    expect(tracker.progress()).toMatchObject({
      phase: 'saving',
      step: 4,
      epoch: 2,
      epochs: 10,
      total: 40,
      loss: 0.11,
      lr: 2e-5,
      nextSave: 8,
    });
    expect(tracker.progress().smoothedLoss).toBeCloseTo(0.125, 6);
    expect(tracker.progress().itPerSec).toBeCloseTo(0.5, 6);
    expect(tracker.progress().etaSeconds).toBeCloseTo(72, 6);
    tracker.line('TRAINING COMPLETE!');
    expect(tracker.progress().phase).toBe('finished');
    expect(tracker.takeMetrics().map((m) => [m.step, m.loss, m.lr])).toContainEqual([2, 0.13, 2e-5]);
  });

  it('reports a NaN loss as unknown (JSON has no NaN; the exit reason names it from the log)', () => {
    const tracker = createProgressTracker('diffusion-pipe');
    tracker.line('steps: 7 loss: nan iter time (s): 2.000 samples/sec: 0.500');
    expect(tracker.progress()).toMatchObject({ step: 7, loss: null });
  });
});
