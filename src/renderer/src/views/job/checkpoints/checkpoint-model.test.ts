import { describe, expect, it } from 'vitest';
import type { Artifact, Job } from '../../../../../shared/contract';
import { checkTotal, checkpointRows, formatBytes, resumeFromHere, trainingLength } from './checkpoint-model';

const saved = (
  kind: Artifact['kind'],
  path: string,
  savedAt: number,
  more: Partial<Artifact> = {},
): Artifact => ({
  kind,
  path,
  step: null,
  epoch: null,
  promptIndex: null,
  savedAt,
  checkpoint: null,
  bytes: 1024,
  ...more,
});

const ability = (allowed: boolean, reason: string | null = null) => ({ allowed, reason });
const jobThat = (resume: { allowed: boolean; reason: string | null }) =>
  ({ abilities: { resume } }) as unknown as Pick<Job, 'abilities'>;

describe('formatBytes', () => {
  it('gives sizes in binary units with about three figures, and a dash when unknown', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(150 * 1024 * 1024 + 300_000)).toBe('150 MiB');
    expect(formatBytes(2.5 * 1024 ** 3)).toBe('2.50 GiB');
    expect(formatBytes(null)).toBe('—');
  });
});

describe('checkpointRows', () => {
  it('lists weights and saved states newest first, not samples, each with its point and size', () => {
    const rows = checkpointRows([
      saved('checkpoint', '/o/a-step00000005.safetensors', 1, { step: 5 }),
      saved('sample', '/o/s.png', 2),
      saved('state', '/o/a-step00000005-state', 3, { step: 5, bytes: null }),
      saved('checkpoint', '/o/a.safetensors', 4),
    ]);
    expect(rows.map((row) => [row.kindLabel, row.point, row.size])).toEqual([
      ['Weights', 'Final', '1.00 KiB'],
      ['Saved state', 'Step 5', '—'],
      ['Weights', 'Step 5', '1.00 KiB'],
    ]);
  });

  it('puts the later point first among saves of the same moment, the final save on top', () => {
    const rows = checkpointRows([
      saved('checkpoint', '/o/a-step00000005.safetensors', 7, { step: 5 }),
      saved('checkpoint', '/o/a.safetensors', 7),
      saved('state', '/o/a-step00000010-state', 7, { step: 10 }),
    ]);
    expect(rows.map((row) => row.point)).toEqual(['Final', 'Step 10', 'Step 5']);
  });
});

describe('resumeFromHere', () => {
  it('offers a resume from a saved state the job can resume, and says why not otherwise', () => {
    const state = saved('state', '/o/global_step500', 1, { step: 500 });
    expect(resumeFromHere(jobThat(ability(true)), state)).toEqual({ allowed: true, reason: null });
    expect(resumeFromHere(jobThat(ability(true)), saved('checkpoint', '/o/w.safetensors', 1)).reason).toMatch(
      /weights only.*saved state/,
    );
    expect(resumeFromHere(jobThat(ability(true)), { ...state, bytes: null }).reason).toMatch(
      /no longer on disk/,
    );
    expect(resumeFromHere(jobThat(ability(false, 'Job x is "running".')), state)).toEqual({
      allowed: false,
      reason: 'Job x is "running".',
    });
  });
});

describe('the new total', () => {
  it('must be a whole number above what the job trained to', () => {
    const job = (
      values: Record<string, unknown>,
      lastProgress: object | null = { total: 1000, epochs: 10 },
    ) =>
      ({ config: { trainer: 'sd-scripts', family: 'sd15', values }, lastProgress }) as unknown as Pick<
        Job,
        'config' | 'lastProgress'
      >;
    expect(trainingLength(job({ max_train_unit: 'steps', max_train_steps: 1200 }))).toEqual({
      unit: 'steps',
      current: { steps: 1200, epochs: 10 },
    });
    expect(trainingLength(job({ max_train_unit: 'epochs' }))).toEqual({
      unit: 'epochs',
      current: { steps: 1000, epochs: 10 },
    });
    expect(trainingLength(job({ epochs: 4 }, null))).toEqual({
      unit: 'epochs',
      current: { steps: null, epochs: 4 },
    });
    expect(trainingLength(job({ epochs: 4, max_steps: 500 }, null)).unit).toBe('steps');
    expect(trainingLength(job({}, null))).toEqual({ unit: null, current: { steps: null, epochs: null } });
    expect(checkTotal(2000, 1000, 'steps')).toBeNull();
    expect(checkTotal(1000, 1000, 'steps')).toBe(
      'The run already trained to 1,000 steps: give a higher total.',
    );
    expect(checkTotal('', 10, 'epochs')).toBe('Give the total epochs as a whole number.');
    expect(checkTotal(5, null, 'epochs')).toBeNull();
  });
});
