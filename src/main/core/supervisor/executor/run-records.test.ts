import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { bridgeFileSchemas } from '../../../../shared/contract/bridge-files';
import {
  checkExitRecord,
  checkLaunchRecord,
  parseBridgeEvent,
  readExitFile,
  readLaunchFile,
  readLaunchRecord,
} from './run-records';

const tempDir = useTempDirs();

/** A launch.json as python-bridge's wrapper writes it. */
const launchFile = {
  format: 1,
  job_id: 'job-1',
  run_dir: '/data/runs/job-1',
  cwd: '/opt/sd-scripts',
  argv: ['/venv/bin/python', 'train_network.py'],
  started_at: '2026-12-07T05:00:00.000Z',
  grace_s: 15,
  watch: ['/data/out'],
  wrapper: { pid: 100, start_time: '5000', boot_id: 'boot' },
  trainer: { pid: 101, start_time: '5001', pgid: 101 },
  subreaper: true,
};

const exitFile = {
  format: 1,
  job_id: 'job-1',
  exit_code: null,
  signal: 'SIGTERM',
  started_at: '2026-12-07T05:00:00.000Z',
  ended_at: '2026-12-07T06:00:00.000Z',
  stop_requested_by: 'stop_file:user',
  escalated_to_sigkill: false,
  descendants_killed: 0,
};

describe('python-bridge records', () => {
  it('reads a launch record into the process identities the supervisor adopts', () => {
    expect(checkLaunchRecord(launchFile)).toEqual({
      ok: true,
      record: {
        jobId: 'job-1',
        runDir: '/data/runs/job-1',
        cwd: '/opt/sd-scripts',
        argv: ['/venv/bin/python', 'train_network.py'],
        startedAt: '2026-12-07T05:00:00.000Z',
        graceSeconds: 15,
        watch: ['/data/out'],
        wrapper: { pid: 100, startTime: '5000', bootId: 'boot' },
        trainer: { pid: 101, startTime: '5001', bootId: 'boot', pgid: 101 },
      },
    });
    expect(checkExitRecord(exitFile)).toMatchObject({
      ok: true,
      record: { exitCode: null, signal: 'SIGTERM', stopRequestedBy: 'stop_file:user' },
    });
  });

  it('treats a record that does not fit its schema as unreadable, saying why', () => {
    const wrongPid = { ...launchFile, trainer: { ...launchFile.trainer, pid: '101' } };
    expect(checkLaunchRecord(wrongPid)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /not a launch record python-bridge writes \(trainer\.pid .*integer/,
      ) as string,
    });
    expect(checkExitRecord({ ...exitFile, format: 2 })).toMatchObject({ ok: false });
    const noJob: Partial<typeof exitFile> = { ...exitFile };
    delete noJob.job_id;
    expect(checkExitRecord(noJob)).toEqual({
      ok: false,
      reason: expect.stringContaining('job_id is required') as string,
    });
  });

  it('reads the files of a run folder: none is null, a damaged one is unreadable with a sentence', () => {
    const runDir = tempDir();
    expect(readLaunchFile(runDir)).toBeNull();
    writeFileSync(join(runDir, 'launch.json'), '{"format": 1, "job_');
    expect(readLaunchFile(runDir)).toEqual({
      ok: false,
      reason: `${join(runDir, 'launch.json')} is not JSON (cut short or damaged).`,
    });
    expect(readLaunchRecord(runDir)).toBeNull();
    writeFileSync(join(runDir, 'launch.json'), JSON.stringify(launchFile));
    expect(readLaunchRecord(runDir)?.trainer.pgid).toBe(101);
    writeFileSync(join(runDir, 'exit.json'), JSON.stringify({ ...exitFile, exit_code: 1.5 }));
    expect(readExitFile(runDir)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('exit_code') as string,
    });
  });

  it('reads the events python-bridge writes and skips damaged or foreign lines', () => {
    const progress = {
      t: 1765083600.5,
      type: 'progress',
      bar: { id: 0, desc: 'steps' },
      n: 10,
      total: 100,
      rate: 1.5,
      elapsed: 6.2,
      postfix: { avr_loss: 0.12 },
      unit: 'it',
    };
    expect(parseBridgeEvent(JSON.stringify(progress))).toEqual(progress);
    const saved = { t: 1765083601, type: 'checkpoint_saved', path: '/out/a.safetensors' };
    expect(parseBridgeEvent(JSON.stringify(saved))).toEqual(saved);
    expect(parseBridgeEvent('{"t": 1, "type": "checkpoint_sa')).toBeNull();
    expect(parseBridgeEvent(JSON.stringify({ t: 1, type: 'checkpoint_saved' }))).toBeNull();
    expect(parseBridgeEvent(JSON.stringify({ t: 1, type: 'something_else', path: '/x' }))).toBeNull();
  });

  it("gives python-bridge's tests the contract's schemas (tests/support/write-bridge-schemas.ts writes them)", () => {
    for (const [name, schema] of Object.entries(bridgeFileSchemas)) {
      const file = resolve('python-bridge/tests/schemas', name);
      const written: unknown = JSON.parse(readFileSync(file, 'utf8'));
      expect(written, `${file}: run npx tsx tests/support/write-bridge-schemas.ts`).toEqual(schema);
    }
  });
});
