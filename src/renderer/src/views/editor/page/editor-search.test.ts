import { describe, expect, it } from 'vitest';
import { sourceOf, validateEditorSearch } from './editor-search';

describe("the editor's address", () => {
  it('opens a job to edit or to clone, a clone when the mode is missing or unknown', () => {
    expect(validateEditorSearch({ job: 'j1', mode: 'edit' })).toEqual({ job: 'j1', mode: 'edit' });
    expect(validateEditorSearch({ job: 'j1', mode: 'clone' })).toEqual({ job: 'j1', mode: 'clone' });
    expect(validateEditorSearch({ job: 'j1' })).toEqual({ job: 'j1', mode: 'clone' });
    expect(validateEditorSearch({ job: 'j1', mode: 'delete' })).toEqual({ job: 'j1', mode: 'clone' });
  });

  it('opens a preset; a number-looking id is read as text', () => {
    expect(validateEditorSearch({ preset: 'builtin:sd-scripts-sdxl-lora' })).toEqual({
      preset: 'builtin:sd-scripts-sdxl-lora',
    });
    expect(validateEditorSearch({ preset: 42 })).toEqual({ preset: '42' });
  });

  it('falls back to a new config on anything malformed', () => {
    expect(validateEditorSearch({})).toEqual({});
    expect(validateEditorSearch({ job: '', preset: ['x'] })).toEqual({});
    expect(validateEditorSearch({ job: { id: 'x' } })).toEqual({});
    expect(validateEditorSearch({ preset: 'x'.repeat(201) })).toEqual({});
  });

  it('says what the editor opens with', () => {
    expect(sourceOf({})).toEqual({ kind: 'new' });
    expect(sourceOf({ job: 'j', mode: 'edit' })).toEqual({ kind: 'job', jobId: 'j', mode: 'edit' });
    expect(sourceOf({ preset: 'p' })).toEqual({ kind: 'preset', presetId: 'p' });
  });
});
