import { describe, expect, it } from 'vitest';
import { blockedReason, gpuChoiceOf, gpuRequestOf, queueButtonLabel, startingName } from './queue-model';

const error = { path: 'values.network_dim', label: 'Network rank', severity: 'error' as const, message: 'x' };

describe('add to queue', () => {
  it('asks for a count, or for exactly the GPUs chosen', () => {
    expect(gpuRequestOf({ count: 2, chosen: [] })).toEqual({ count: 2 });
    expect(gpuRequestOf({ count: 1, chosen: ['GPU-a', 'GPU-b'] })).toEqual({
      count: 2,
      include: ['GPU-a', 'GPU-b'],
    });
    expect(gpuChoiceOf({ count: 2, include: ['GPU-b'] })).toEqual({ count: 2, chosen: ['GPU-b'] });
  });

  it('names the job after where its config came from', () => {
    expect(startingName({ kind: 'new' }, 'SDXL')).toBe('SDXL LoRA');
    expect(startingName({ kind: 'import', fileName: 'mira.toml' }, 'SDXL')).toBe('mira');
    expect(startingName({ kind: 'job', jobId: 'j', name: 'cats', mode: 'clone' }, 'SDXL')).toBe(
      'cats (copy)',
    );
    expect(startingName({ kind: 'job', jobId: 'j', name: 'cats', mode: 'edit' }, 'SDXL')).toBe('cats');
  });

  it('saves a queued job being edited, and is blocked while an error stands or the name is empty', () => {
    expect(queueButtonLabel({ kind: 'job', jobId: 'j', name: 'c', mode: 'edit' })).toBe(
      'Save changes to the queued job',
    );
    expect(queueButtonLabel({ kind: 'new' })).toBe('Add to queue');
    expect(blockedReason('job', [error])).toBe('Fix this error first:');
    expect(blockedReason('job', [error, error])).toBe('Fix these 2 errors first:');
    expect(blockedReason('  ', [])).toBe('Give the job a name first.');
    expect(blockedReason('job', [])).toBeNull();
  });
});
