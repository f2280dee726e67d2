import { describe, expect, it } from 'vitest';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { coalesceMs, editorReducer, startHistory, type EditorAction } from './editor-history';

const config: TrainerConfig = {
  trainer: 'sd-scripts',
  family: 'sdxl',
  values: { network_dim: 16, subsets: [{ image_dir: '/a' }, { image_dir: '/b' }] },
};

const run = (actions: EditorAction[]) => actions.reduce(editorReducer, startHistory(config));

describe('the editor history', () => {
  it('undoes and redoes each edit in turn', () => {
    const edited = run([
      { type: 'set', path: 'network_dim', value: 32, at: 0 },
      { type: 'set', path: 'learning_rate', value: 0.001, at: 5000 },
    ]);
    expect(edited.present.values).toMatchObject({ network_dim: 32, learning_rate: 0.001 });
    const once = editorReducer(edited, { type: 'undo' });
    expect(once.present.values).toMatchObject({ network_dim: 32 });
    expect(once.present.values).not.toHaveProperty('learning_rate');
    const twice = editorReducer(once, { type: 'undo' });
    expect(twice.present).toEqual(config);
    expect(editorReducer(twice, { type: 'undo' })).toBe(twice);
    const back = editorReducer(editorReducer(twice, { type: 'redo' }), { type: 'redo' });
    expect(back.present).toEqual(edited.present);
  });

  it('makes one step of typing into one field, and a new one after a pause or another field', () => {
    const typed = run([
      { type: 'set', path: 'output_name', value: 'm', at: 100 },
      { type: 'set', path: 'output_name', value: 'my', at: 300 },
      { type: 'set', path: 'output_name', value: 'my-lora', at: 600 },
    ]);
    expect(typed.past).toHaveLength(1);
    expect(editorReducer(typed, { type: 'undo' }).present).toEqual(config);
    const paused = editorReducer(typed, {
      type: 'set',
      path: 'output_name',
      value: 'my-lora2',
      at: 600 + coalesceMs,
    });
    expect(paused.past).toHaveLength(2);
    const reset = editorReducer(typed, {
      type: 'set',
      path: 'output_name',
      value: '',
      at: 700,
      newStep: true,
    });
    expect(reset.past).toHaveLength(2);
  });

  it('does not coalesce into a keystroke that changed nothing', () => {
    const history = run([
      { type: 'set', path: 'network_dim', value: 16, at: 0 },
      { type: 'set', path: 'network_dim', value: 8, at: 10 },
    ]);
    expect(history.past).toHaveLength(1);
    expect(editorReducer(history, { type: 'undo' }).present).toEqual(config);
  });

  it('drops the redo steps after a new edit and edits lists without touching the old state', () => {
    const removed = run([{ type: 'remove', path: 'subsets.0' }]);
    expect(removed.present.values['subsets']).toEqual([{ image_dir: '/b' }]);
    expect(config.values['subsets']).toHaveLength(2);
    const undone = editorReducer(removed, { type: 'undo' });
    const replaced = editorReducer(undone, {
      type: 'replace',
      config: { ...config, family: 'sd15' },
    });
    expect(replaced.future).toEqual([]);
    expect(editorReducer(replaced, { type: 'undo' }).present).toEqual(config);
  });
});
