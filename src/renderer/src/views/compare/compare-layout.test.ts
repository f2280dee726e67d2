import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../../../shared/contract';
import { buildCompareRows, promptCountOf } from './compare-layout';
import { jobIdsOf, validateCompareSearch } from './compare-search';

const sample = (job: string, step: number, prompt: number): Artifact => ({
  kind: 'sample',
  path: `/${job}/s_${step}_${prompt}.png`,
  step,
  epoch: null,
  promptIndex: prompt,
  savedAt: step,
  checkpoint: null,
  bytes: 1,
});

describe('buildCompareRows', () => {
  it('lines the jobs up as columns by step, for one prompt, with a hole where a job has no image there', () => {
    const a = { items: [sample('a', 100, 0), sample('a', 100, 1), sample('a', 200, 0)] };
    const b = { items: [sample('b', 100, 0), sample('b', 300, 0)] };
    const rows = buildCompareRows([a, b], 0, 'oldest');
    expect(rows.map((row) => [row.label, row.cells.map((cell) => cell?.path ?? null)])).toEqual([
      ['Step 100', ['/a/s_100_0.png', '/b/s_100_0.png']],
      ['Step 200', ['/a/s_200_0.png', null]],
      ['Step 300', [null, '/b/s_300_0.png']],
    ]);
    expect(buildCompareRows([a, b], 1, 'newest').map((row) => row.label)).toEqual(['Step 100']);
    expect(buildCompareRows([a, b], 0, 'newest')[0]?.label).toBe('Step 300');
    expect(promptCountOf([a, b])).toBe(2);
  });
});

describe('the compare address', () => {
  it('keeps the jobs in order, each once, and a whole prompt number; drops what it cannot read', () => {
    expect(validateCompareSearch({ jobs: 'a, b,a,,c', prompt: 2 })).toEqual({ jobs: 'a,b,c', prompt: 2 });
    expect(validateCompareSearch({ jobs: '', prompt: -1 })).toEqual({});
    expect(validateCompareSearch({ jobs: 42, prompt: '1' })).toEqual({ jobs: '42', prompt: 1 });
    expect(validateCompareSearch({ prompt: 1.5 })).toEqual({});
    expect(jobIdsOf(Array.from({ length: 12 }, (_, i) => `j${i}`).join(','))).toHaveLength(8);
  });
});
