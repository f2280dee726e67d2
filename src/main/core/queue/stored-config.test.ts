import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { NewJob } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';
import { openJobQueue } from './job-queue';
import { openSqlite } from './sqlite';
import { parseStoredConfig, readStoredConfig } from './stored-config';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const isJob = (value: unknown): boolean => validators.response('jobs.get', value).ok;

const sdConfig = { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 16 } } as const;

describe('a stored job config', () => {
  it('is read as it was queued', () => {
    expect(readStoredConfig('sd-scripts', sdConfig)).toEqual({ config: sdConfig });
  });

  it('stored without its trainer (as enqueue accepted before) takes the job’s and loads unflagged', () => {
    expect(
      readStoredConfig('sd-scripts', { family: 'sdxl', values: { a: 1 }, passThrough: { b: 2 } }),
    ).toEqual({
      config: { trainer: 'sd-scripts', family: 'sdxl', values: { a: 1 }, passThrough: { b: 2 } },
    });
  });

  it('that is not a training config loads flagged, with what could be read of it', () => {
    expect(readStoredConfig('generic', { steps: 1, values: { lr: 1 } })).toEqual({
      config: { trainer: 'generic', family: '', values: { lr: 1 } },
      problem: 'Its stored config is not a training config DPGui can write files from (it lacks a family).',
    });
    expect(parseStoredConfig('generic', '{"family": "hydra", "values": 3}').problem).toMatch(/lacks values/);
    expect(parseStoredConfig('generic', 'not json').problem).toMatch(/lacks a family or values/);
  });
});

describe('a queue.db written before the config was typed', () => {
  const newJob = (name: string): NewJob => ({
    name,
    config: sdConfig,
    gpus: { count: 1 },
  });

  /** A queue with one job of each old kind: its config rewritten as an older DPGui stored it. */
  function oldQueue(): { dataDir: string; oldStyle: string; notAConfig: string } {
    const dataDir = tempDir();
    const { queue } = openJobQueue({ dataDir, isJob });
    const oldStyle = queue.enqueue(newJob('old style')).id;
    const notAConfig = queue.enqueue(newJob('not a config')).id;
    queue.close();
    const db = openSqlite(join(dataDir, 'queue.db'));
    const stored = { [oldStyle]: { family: 'sdxl', values: { network_dim: 8 } }, [notAConfig]: { steps: 3 } };
    for (const [id, config] of Object.entries(stored)) {
      db.prepare('UPDATE jobs SET config = ? WHERE id = ?').run(JSON.stringify(config), id);
      const file = join(dataDir, 'runs', id, 'job.json');
      const job = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      delete job.configProblem;
      writeFileSync(file, JSON.stringify({ ...job, config }));
    }
    db.close();
    return { dataDir, oldStyle, notAConfig };
  }

  it('loads every job; one whose config is not a training config is flagged, not lost', () => {
    const { dataDir, oldStyle, notAConfig } = oldQueue();
    const { queue } = openJobQueue({ dataDir, isJob });
    try {
      expect(queue.list({}).items.map((j) => j.name)).toEqual(['old style', 'not a config']);
      const old = queue.get(oldStyle);
      expect(old.config).toEqual({ trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 8 } });
      expect(old.configProblem).toBeNull();
      const flagged = queue.get(notAConfig);
      expect(flagged.configProblem).toMatch(/not a training config/);
      // Both answer what the contract declares for jobs.get.
      expect(validators.response('jobs.get', old)).toEqual({ ok: true });
      expect(validators.response('jobs.get', flagged)).toEqual({ ok: true });
      // A flagged job can still be canceled and deleted like any other.
      queue.cancel(notAConfig);
      expect(queue.delete(notAConfig).id).toBe(notAConfig);
    } finally {
      queue.close();
    }
  });

  it('is rebuilt from old job.json files with every job, flagged where its config is not one', () => {
    const { dataDir, oldStyle, notAConfig } = oldQueue();
    rmSync(join(dataDir, 'queue.db'));
    const { queue, notices } = openJobQueue({ dataDir, isJob });
    try {
      expect(notices.join(' ')).toMatch(/of 2 run folder/);
      expect(queue.get(oldStyle).config.trainer).toBe('sd-scripts');
      expect(queue.get(oldStyle).configProblem).toBeNull();
      expect(queue.get(notAConfig).configProblem).toMatch(/not a training config/);
    } finally {
      queue.close();
    }
  });
});
