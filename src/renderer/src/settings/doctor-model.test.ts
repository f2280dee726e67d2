import { describe, expect, it } from 'vitest';
import type { DoctorAnswer, DoctorEntry } from '../../../shared/contract';
import { checkRow, doctorView, entryVerdict } from './doctor-model';

const entry = (over: Partial<DoctorEntry>): DoctorEntry => ({
  install: 'sdScripts',
  state: 'checked',
  python: '/venv/bin/python',
  folder: '/sd-scripts',
  message: 'Ready.',
  report: { ok: true, summary: { ok: 1, warn: 0, fail: 0 }, checks: [] },
  ...over,
});

describe('doctor view model', () => {
  it('colours each check green, amber or red and keeps its fix sentence', () => {
    expect(checkRow({ id: 'torch', status: 'ok', message: 'torch 2.5 with CUDA 12.4.' })).toMatchObject({
      color: 'green',
      label: 'OK',
    });
    expect(checkRow({ id: 'xformers', status: 'warn', message: 'Install xformers.' }).color).toBe('yellow');
    expect(checkRow({ id: 'cuda', status: 'fail', message: 'Update the driver to 550 or newer.' })).toEqual({
      id: 'cuda',
      title: 'cuda',
      verdict: 'fail',
      color: 'red',
      label: 'Problem',
      text: 'Update the driver to 550 or newer.',
    });
  });

  it('names each check in words, a package by its name, and an unknown check by its id', () => {
    const titles = ['nvidia.driver', 'torch.cuda', 'package.xformers', 'disk.data', 'new.check'].map(
      (id) => checkRow({ id, status: 'ok', message: '.' }).title,
    );
    expect(titles).toEqual([
      'NVIDIA driver',
      'CUDA in torch',
      'Package xformers',
      "Data folder's disk",
      'new.check',
    ]);
  });

  it('judges an install by its worst check, and red when the doctor could not run it', () => {
    expect(entryVerdict(entry({}))).toBe('ok');
    expect(
      entryVerdict(entry({ report: { ok: true, summary: { ok: 3, warn: 1, fail: 0 }, checks: [] } })),
    ).toBe('warn');
    expect(
      entryVerdict(entry({ report: { ok: false, summary: { ok: 3, warn: 1, fail: 1 }, checks: [] } })),
    ).toBe('fail');
    expect(entryVerdict(entry({ state: 'interpreter-missing', report: null }))).toBe('fail');
    expect(entryVerdict(entry({ state: 'not-set-up', report: null }))).toBe('warn');
  });

  it('titles each install and lists the machine checks first', () => {
    const answer: DoctorAnswer = {
      runId: 'r',
      machine: [{ id: 'nvidia.driver', status: 'ok', message: 'Driver 550.' }],
      installs: [entry({ install: 'diffusionPipe' })],
    };
    const view = doctorView(answer);
    expect(view.machine.map((c) => c.id)).toEqual(['nvidia.driver']);
    expect(view.installs[0]).toMatchObject({ title: 'diffusion-pipe', color: 'green', message: 'Ready.' });
  });
});
