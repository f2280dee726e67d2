import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/contract';
import {
  excludedGpusPatch,
  installPatch,
  installText,
  numberPatch,
  settingField,
  settingFields,
} from './settings-form-model';

describe('settings form model', () => {
  it('takes labels, help and bounds from the settings schema', () => {
    const grace = settingField('stopGraceSeconds');
    expect(grace).toMatchObject({
      kind: 'number',
      title: 'Stop grace period (s)',
      min: 0,
      max: 3600,
      integer: false,
    });
    expect(grace?.description).toMatch(/SIGTERM/);
    expect(settingField('requeueInterrupted')).toMatchObject({
      kind: 'boolean',
      title: 'Re-queue interrupted jobs',
    });
    expect(settingField('retriesFirst')).toMatchObject({ kind: 'boolean', title: 'Retries go first' });
    expect(settingField('retriesFirst')?.description).toMatch(/top of the waiting jobs/);
    expect(settingField('colorScheme')).toMatchObject({ kind: 'choice', options: ['auto', 'light', 'dark'] });
    expect(settingField('trainers')).toBeNull();
    expect(settingFields(['trainers', 'letSmallerJobsPass']).map((f) => f.key)).toEqual([
      'letSmallerJobsPass',
    ]);
  });

  it('names each install and its paths as the schema does', () => {
    expect(installText('diffusionPipe')).toMatchObject({
      title: 'diffusion-pipe',
      python: { title: 'Python interpreter' },
      folder: { title: 'Trainer folder' },
    });
    expect(installText('generic').folder.title).toBe('Engine folder');
  });

  it('refuses a number outside its bounds with a sentence saying what to type', () => {
    const grace = settingField('stopGraceSeconds');
    if (grace?.kind !== 'number') throw new Error('stopGraceSeconds is a number');
    expect(numberPatch(grace, '30')).toEqual({ patch: { stopGraceSeconds: 30 } });
    expect(numberPatch(grace, '')).toEqual({ error: 'Type a number for "Stop grace period (s)".' });
    expect(numberPatch(grace, 5000)).toEqual({
      error: '"Stop grace period (s)" is at most 3600; type a smaller number.',
    });
    const memory = settingField('minFreeGpuMemoryMiB');
    if (memory?.kind !== 'number') throw new Error('minFreeGpuMemoryMiB is a number');
    expect(numberPatch(memory, '1.5')).toEqual({
      error: '"Free memory a shared GPU needs (MiB)" takes a whole number.',
    });
  });

  it('changes one install without touching the others, and toggles a GPU exclusion', () => {
    const patch = installPatch(defaultSettings.trainers, 'sdScripts', { folder: '/opt/sd-scripts' });
    expect(patch.trainers?.sdScripts).toEqual({ python: '', folder: '/opt/sd-scripts', env: {} });
    expect(patch.trainers?.diffusionPipe).toEqual(defaultSettings.trainers.diffusionPipe);
    expect(excludedGpusPatch(['a'], 'b', true)).toEqual({ excludedGpus: ['a', 'b'] });
    expect(excludedGpusPatch(['a', 'b'], 'a', false)).toEqual({ excludedGpus: ['b'] });
  });
});
