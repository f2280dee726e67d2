import { describe, expect, it } from 'vitest';
import type { TrainerEntry, TrainersList } from '../../../../shared/contract';
import { firstStartSteps, shouldShowFirstStart } from './first-start-model';

const path = (setting: string, over: Partial<TrainerEntry['python']> = {}): TrainerEntry['python'] => ({
  setting,
  path: '',
  required: true,
  set: false,
  exists: false,
  ...over,
});

const trainer = (setting: string, label: string, over: Partial<TrainerEntry> = {}): TrainerEntry => ({
  kind: 'sd-scripts',
  label,
  families: [],
  setting,
  setUp: false,
  python: path(`${setting}.python`),
  folder: path(`${setting}.folder`),
  message: `Set ${label}'s folder and python in Settings.`,
  ...over,
});

const fresh: TrainersList = {
  trainers: [
    trainer('trainers.sdScripts', 'sd-scripts'),
    trainer('trainers.diffusionPipe', 'diffusion-pipe'),
    trainer('trainers.generic', 'Generic trainer', {
      folder: path('trainers.generic.folder', { required: false }),
    }),
  ],
};

describe('first start model', () => {
  it('shows on a fresh host until skipped, and not once any trainer is set up', () => {
    expect(shouldShowFirstStart(undefined, false)).toBe(false);
    expect(shouldShowFirstStart(fresh, false)).toBe(true);
    expect(shouldShowFirstStart(fresh, true)).toBe(false);
    const oneSetUp = {
      trainers: [trainer('trainers.sdScripts', 'sd-scripts', { setUp: true }), ...fresh.trainers.slice(1)],
    };
    expect(shouldShowFirstStart(oneSetUp, false)).toBe(false);
  });

  it('asks for each listed trainer, with its sentence and which paths are required or missing', () => {
    const missing = {
      trainers: [
        trainer('trainers.sdScripts', 'sd-scripts', {
          python: path('trainers.sdScripts.python', { path: '/gone/python', set: true }),
        }),
        ...fresh.trainers.slice(1),
        trainer('trainers.somethingNew', 'Unknown'),
      ],
    };
    const steps = firstStartSteps(missing);
    expect(steps.map((s) => s.install)).toEqual(['sdScripts', 'diffusionPipe', 'generic']);
    expect(steps[0]).toMatchObject({
      label: 'sd-scripts',
      python: { path: '/gone/python', missing: true },
      message: "Set sd-scripts's folder and python in Settings.",
    });
    expect(steps[2]?.folder.required).toBe(false);
  });
});
