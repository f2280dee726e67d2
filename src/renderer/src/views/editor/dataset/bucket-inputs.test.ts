/** The preview is asked again for what changes the buckets or steps, not for every keystroke. */
import { describe, expect, it } from 'vitest';
import type { TrainerConfig } from '../../../../../shared/contract';
import { getTrainer } from '../../../../../shared/trainers';
import type { EditorSchema } from '../state/editor-schema';
import { bucketInputKeys, bucketInputsKey } from './bucket-inputs';

const schema = { trainer: 'sd-scripts', schema: getTrainer('sd-scripts')?.schema } as unknown as EditorSchema;
const isInput = bucketInputKeys(schema);
const base: TrainerConfig = {
  trainer: 'sd-scripts',
  family: 'sdxl',
  values: {
    learning_rate: 1e-4,
    training_comment: '',
    batch_size: 1,
    resolution: 1024,
    subsets: [{ image_dir: '/a' }],
  },
};
const key = (values: Record<string, unknown>): string =>
  bucketInputsKey(isInput, { ...base, values: { ...base.values, ...values } });

describe('the bucket preview’s inputs', () => {
  it('ignore the learning rate and a comment', () => {
    expect(key({ learning_rate: 3e-4, training_comment: 'hello' })).toBe(key({}));
  });

  it('follow batch size, resolution, repeats, epochs, accumulation and bucket settings', () => {
    for (const change of [
      { batch_size: 2 },
      { resolution: 768 },
      { subsets: [{ image_dir: '/a', num_repeats: 3 }] },
      { max_train_epochs: 4 },
      { max_train_unit: 'steps' },
      { gradient_accumulation_steps: 2 },
      { enable_bucket: true },
      { min_bucket_reso: 320 },
      { bucket_no_upscale: true },
      { resolution_height_enabled: true },
    ])
      expect(key(change), JSON.stringify(change)).not.toBe(key({}));
  });
});
