import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../../../../shared/contract';
import { buildSampleGrid, checkpointsByPoint } from './sample-grid';
import { moveInGrid } from './sample-navigation';
import { samplePrompts } from './sample-prompts';

const sample = (step: number | null, prompt: number, more: Partial<Artifact> = {}): Artifact => ({
  kind: 'sample',
  path: `/o/sample/s_${step}_${prompt}_${more.savedAt ?? 0}.png`,
  step,
  epoch: null,
  promptIndex: prompt,
  savedAt: (step ?? 0) * 10 + prompt,
  checkpoint: null,
  bytes: 1,
  ...more,
});

const paths = (cells: (Artifact | null)[]) => cells.map((cell) => cell?.path ?? null);

describe('buildSampleGrid', () => {
  it('puts steps in rows (newest first) and prompts in columns, a missing image as an empty cell', () => {
    const grid = buildSampleGrid(
      [sample(5, 0), sample(5, 1), sample(10, 0), { ...sample(10, 0), kind: 'checkpoint', path: '/o/c10' }],
      'newest',
    );
    expect(grid.promptCount).toBe(2);
    expect(grid.rows.map((row) => [row.label, paths(row.cells)])).toEqual([
      ['Step 10', [sample(10, 0).path, null]],
      ['Step 5', [sample(5, 0).path, sample(5, 1).path]],
    ]);
    expect(
      buildSampleGrid(
        grid.rows.flatMap((r) => r.cells.filter((c) => c !== null)),
        'oldest',
      ).rows[0]?.label,
    ).toBe('Step 5');
  });

  it('shows as many columns as the config has prompts, epochs after steps, and the newest image of a point made twice', () => {
    const again = sample(5, 0, { savedAt: 999, path: '/o/again.png' });
    const grid = buildSampleGrid(
      [sample(5, 0), again, sample(null, 0, { epoch: 2, path: '/o/e2.png', checkpoint: '/o/c-e2' })],
      'oldest',
      3,
    );
    expect(grid.promptCount).toBe(3);
    expect(grid.rows.map((row) => [row.key, row.label, paths(row.cells), row.checkpoint])).toEqual([
      ['step:5', 'Step 5', ['/o/again.png', null, null], null],
      ['epoch:2', 'Epoch 2', ['/o/e2.png', null, null], '/o/c-e2'],
    ]);
  });

  it('finds the checkpoint of a step where no sample names it', () => {
    const checkpoint: Artifact = { ...sample(10, 0), kind: 'checkpoint', path: '/o/c10', promptIndex: null };
    expect(checkpointsByPoint([checkpoint, sample(10, 0)]).get('step:10')).toBe('/o/c10');
  });
});

describe('moveInGrid', () => {
  const grid = buildSampleGrid([sample(5, 0), sample(5, 1), sample(10, 1), sample(15, 0)], 'newest');
  // Rows: 15 [x, -], 10 [-, x], 5 [x, x]

  it('steps to the earlier or later step with an image in the same column, whichever way the rows go', () => {
    expect(moveInGrid(grid.rows, 'newest', { row: 0, column: 0 }, 'earlier')).toEqual({ row: 2, column: 0 });
    expect(moveInGrid(grid.rows, 'newest', { row: 2, column: 0 }, 'later')).toEqual({ row: 0, column: 0 });
    const oldest = buildSampleGrid([sample(5, 0), sample(10, 0)], 'oldest');
    expect(moveInGrid(oldest.rows, 'oldest', { row: 0, column: 0 }, 'later')).toEqual({ row: 1, column: 0 });
  });

  it('moves between prompts at the same step, and stays put at an edge', () => {
    expect(moveInGrid(grid.rows, 'newest', { row: 2, column: 0 }, 'nextColumn')).toEqual({
      row: 2,
      column: 1,
    });
    expect(moveInGrid(grid.rows, 'newest', { row: 0, column: 0 }, 'nextColumn')).toEqual({
      row: 0,
      column: 0,
    });
    expect(moveInGrid(grid.rows, 'newest', { row: 0, column: 0 }, 'later')).toEqual({ row: 0, column: 0 });
  });
});

describe('samplePrompts', () => {
  it("reads the prompts' words from an sd-scripts config, and none from a config without them", () => {
    const values = { sample_prompts_list: [{ prompt: 'a cat' }, { prompt: 'a dog', width: 512 }, {}] };
    expect(samplePrompts({ trainer: 'sd-scripts', family: 'sd15', values })).toEqual(['a cat', 'a dog', '']);
    expect(samplePrompts({ trainer: 'diffusion-pipe', family: 'sdxl', values: {} })).toEqual([]);
  });
});
