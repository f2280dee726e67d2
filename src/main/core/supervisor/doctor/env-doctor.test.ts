import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSettings, type DoctorAnswer, type TrainerInstalls } from '../../../../shared/contract';
import { createAppCore } from '../../app-core';
import { createEnvDoctor, parseDoctorOutput } from './env-doctor';
import { liveMembersOf } from '../../../../../tests/support/process-groups';

const bridgeDir = resolve('python-bridge');
const root = mkdtempSync(join(tmpdir(), 'dpgui-doctor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const installs = (patch: Partial<TrainerInstalls>): TrainerInstalls => ({
  ...defaultSettings.trainers,
  ...patch,
});

describe('env.doctor', () => {
  it("answers the real doctor's report for an sd-scripts folder, checked with its interpreter", async () => {
    const folder = join(root, 'sd-scripts');
    mkdirSync(join(folder, 'library'), { recursive: true });
    writeFileSync(join(folder, 'train_network.py'), 'import sys\n');
    const python = execFileSync('which', ['python3']).toString().trim();
    const answer = await createEnvDoctor({
      installs: () => installs({ sdScripts: { python, folder, env: {} } }),
      bridgeDir: () => bridgeDir,
    })({ installs: ['sdScripts'], outputFolder: root, timeoutSeconds: 30 });
    expect(answer.installs).toHaveLength(1);
    const [entry] = answer.installs;
    expect(entry).toMatchObject({ install: 'sdScripts', state: 'checked', python, folder });
    const ids = entry?.report?.checks.map((check) => check.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['python.version', 'sd_scripts.folder', 'output.disk']));
    expect(entry?.report?.checks.find((check) => check.id === 'sd_scripts.folder')?.status).toBe('ok');
    // The folder lacks sdxl_train_network.py and the packages: the verdict names a failure.
    expect(entry?.report?.ok).toBe(false);
    expect(entry?.message).toMatch(/^sd-scripts: \d+ checks? failed — /);
  }, 60_000);

  it('says an install is not set up, or that its interpreter is missing, without running anything', async () => {
    const answer = await createEnvDoctor({
      installs: () =>
        installs({
          diffusionPipe: { python: join(root, 'no', 'python'), folder: join(root, 'dp'), env: {} },
        }),
      bridgeDir: () => bridgeDir,
    })({});
    expect(answer.installs.map((entry) => [entry.install, entry.state])).toEqual([
      ['sdScripts', 'not-set-up'],
      ['diffusionPipe', 'interpreter-missing'],
      ['generic', 'not-set-up'],
    ]);
    expect(answer.installs[0]?.message).toContain(
      'Settings → Trainers → sd-scripts (trainers.sdScripts.python)',
    );
    expect(answer.installs[1]?.message).toContain(join(root, 'no', 'python'));
    expect(answer.installs[2]?.message).toBe(
      'The install of the generic trainer is not set up: set its Python interpreter in Settings → Trainers → the generic trainer (trainers.generic.python).',
    );
  });

  it('times out a doctor that hangs, and ends its process group', async () => {
    const hang = join(root, 'hanging-python');
    const pidFile = join(root, 'hang.pid');
    writeFileSync(hang, `#!/bin/sh\necho $$ > ${pidFile}\nsleep 60 &\nwait\n`);
    chmodSync(hang, 0o755);
    const started = Date.now();
    const answer = await createEnvDoctor({
      installs: () => installs({ diffusionPipe: { python: hang, folder: root, env: {} } }),
      bridgeDir: () => bridgeDir,
      marginSeconds: 0,
    })({ installs: ['diffusionPipe'], timeoutSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer.installs[0]).toMatchObject({ state: 'timed-out', report: null });
    expect(answer.installs[0]?.message).toMatch(/did not finish within 1 s/);
    // Its whole group went with it: the shell's background sleep too.
    const group = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((done) => setTimeout(done, 100));
    expect(liveMembersOf(group)).toEqual([]);
  });

  it("is served by the app core from python-bridge's copy in the data folder, its answer checked", async () => {
    const folder = join(root, 'dp');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'train.py'), '');
    const python = execFileSync('which', ['python3']).toString().trim();
    const dataDir = join(root, 'data');
    const core = createAppCore({ dataDir, host: 'headless', supervise: false, checkResponses: true });
    try {
      await core.dispatch('settings.set', {
        trainers: { ...defaultSettings.trainers, diffusionPipe: { python, folder, env: {} } },
      });
      const result = await core.dispatch('env.doctor', { installs: ['diffusionPipe'], timeoutSeconds: 30 });
      if (!result.ok) throw new Error(result.error.message);
      const [entry] = (result.value as DoctorAnswer).installs;
      expect(entry).toMatchObject({ install: 'diffusionPipe', state: 'checked' });
      expect(entry?.report?.checks.find((check) => check.id === 'diffusion_pipe.train_py')?.status).toBe(
        'ok',
      );
      // It ran from the versioned copy the app keeps, as trainings do.
      expect(readdirSync(join(dataDir, 'python-bridge')).length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  }, 60_000);

  it('reads an error answer or a non-report as a sentence', () => {
    expect(parseDoctorOutput('{"error": {"code": "usage", "message": "bad option"}}\n')).toEqual({
      ok: false,
      message: 'python-bridge answered an error: bad option',
    });
    expect(parseDoctorOutput('Traceback (most recent call last):')).toMatchObject({ ok: false });
    expect(
      parseDoctorOutput('{"ok": true, "summary": {"ok": 1, "warn": 0, "fail": 0}, "checks": []}'),
    ).toMatchObject({
      ok: true,
    });
  });
});
