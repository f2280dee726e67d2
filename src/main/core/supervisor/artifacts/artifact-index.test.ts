import { describe, expect, it } from 'vitest';
import { indexArtifacts, readArtifactName } from './artifact-index';

describe('artifact names', () => {
  it("reads sd-scripts' checkpoint, state and sample names", () => {
    expect(readArtifactName('/out/my_lora-step00000500.safetensors', 'checkpoint')).toEqual({
      kind: 'checkpoint',
      step: 500,
      epoch: null,
      promptIndex: null,
    });
    expect(readArtifactName('/out/my_lora-000002.safetensors', 'checkpoint')).toMatchObject({
      kind: 'checkpoint',
      step: null,
      epoch: 2,
    });
    expect(readArtifactName('/out/my_lora-step00000500-state', 'checkpoint')).toMatchObject({
      kind: 'state',
      step: 500,
    });
    expect(readArtifactName('/out/my_lora.safetensors', 'checkpoint')).toEqual({
      kind: 'checkpoint',
      step: null,
      epoch: null,
      promptIndex: null,
    });
    expect(readArtifactName('/out/sample/my_lora_000500_01_20260101120000_42.png', 'sample')).toEqual({
      kind: 'sample',
      step: 500,
      epoch: null,
      promptIndex: 1,
    });
    expect(readArtifactName('/out/sample/my_lora_e000003_00_20260101120000.png', 'sample')).toMatchObject({
      step: null,
      epoch: 3,
      promptIndex: 0,
    });
  });

  it("reads diffusion-pipe's epoch and step folders, and DeepSpeed's state", () => {
    expect(
      readArtifactName('/out/job/20260101_12-00-00/epoch4/adapter_model.safetensors', 'checkpoint'),
    ).toEqual({ kind: 'checkpoint', step: null, epoch: 4, promptIndex: null });
    expect(
      readArtifactName('/out/job/20260101_12-00-00/step500/adapter_model.safetensors', 'checkpoint'),
    ).toMatchObject({
      step: 500,
    });
    expect(readArtifactName('/out/job/20260101_12-00-00/global_step500', 'checkpoint')).toMatchObject({
      kind: 'state',
      step: 500,
    });
  });
});

describe('indexArtifacts', () => {
  it('lists each save once in order, links samples to the checkpoint of their step, and skips other events', () => {
    const items = indexArtifacts([
      { t: 100, type: 'progress', n: 5 },
      { t: 101.25, type: 'sample_saved', path: '/out/sample/my_lora_000005_00_20260101120000.png' },
      { t: 101.5, type: 'checkpoint_saved', path: '/out/my_lora-step00000005.safetensors' },
      { t: 101.5, type: 'checkpoint_saved', path: '/out/my_lora-step00000005.safetensors' },
      { t: 102, type: 'sample_saved', path: '/out/sample/my_lora_000010_00_20260101120100.png' },
      { t: 103, type: 'checkpoint_saved' },
      'not an event',
      null,
    ]);
    expect(items).toEqual([
      {
        kind: 'sample',
        path: '/out/sample/my_lora_000005_00_20260101120000.png',
        step: 5,
        epoch: null,
        promptIndex: 0,
        savedAt: 101_250,
        checkpoint: '/out/my_lora-step00000005.safetensors',
        bytes: null,
      },
      {
        kind: 'checkpoint',
        path: '/out/my_lora-step00000005.safetensors',
        step: 5,
        epoch: null,
        promptIndex: null,
        savedAt: 101_500,
        checkpoint: null,
        bytes: null,
      },
      {
        kind: 'sample',
        path: '/out/sample/my_lora_000010_00_20260101120100.png',
        step: 10,
        epoch: null,
        promptIndex: 0,
        savedAt: 102_000,
        checkpoint: null,
        bytes: null,
      },
    ]);
  });
});
