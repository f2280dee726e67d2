import { describe, expect, it } from 'vitest';
import { englishPart, summariseHelp } from './help-summary';
import { choiceLabelsOf, labelFromChoice, labelFromKey } from './key-labels';

describe('summarising a trainer’s help text for a tooltip', () => {
  it('keeps the English half of a bilingual help, wherever the slash sits', () => {
    expect(englishPart('learning rate / 学習率')).toBe('learning rate ');
    expect(englishPart('a backward/update pass / 勾配を合計する')).toBe('a backward/update pass ');
    expect(englishPart('adjustment, default is 1.0. /タイムステップ')).toBe('adjustment, default is 1.0. ');
    expect(englishPart('Use noise./ input perturbation noiseにおいて')).toBe('Use noise.');
    expect(englishPart('enable deepspeed training')).toBe('enable deepspeed training');
    expect(englishPart('学習率')).toBe('');
  });

  it('reads as a sentence: capital first, full stop last, spacing fixed, code quotes gone', () => {
    expect(summariseHelp('learning rate for U-Net / U-Netの学習率')).toBe('Learning rate for U-Net.');
    expect(summariseHelp('Sets blocks.Increasing this lowers VRAM / 順')).toBe(
      'Sets blocks. Increasing this lowers VRAM.',
    );
    expect(summariseHelp('use `--blocks_to_swap` ( see docs ) / 日本語')).toBe(
      'Use --blocks_to_swap (see docs).',
    );
    expect(summariseHelp('dataset class (package.module.Class) / 任意')).toBe(
      'Dataset class (package.module.Class).',
    );
    expect(summariseHelp('T5 path. if not specified, use ckpt / T5のパス')).toBe(
      'T5 path. If not specified, use ckpt.',
    );
    expect(summariseHelp('fp16 training e.g. load models / 勾配')).toBe('fp16 training e.g. load models.');
  });

  it('drops what only states the default, which the form shows itself', () => {
    expect(summariseHelp('Dropout rate for CLIP-G encoder, default is 0.0 / CLIP-G')).toBe(
      'Dropout rate for CLIP-G encoder.',
    );
    expect(summariseHelp('format to save the model (default is .safetensors) / 形式')).toBe(
      'Format to save the model.',
    );
    expect(summariseHelp('set maximum time step (1~1000, default is 1000) / 最大値')).toBe(
      'Set maximum time step (1~1000).',
    );
    expect(summariseHelp('weighting scheme. Default is uniform, uniform and none are the same / 重み')).toBe(
      'Weighting scheme. Uniform and none are the same.',
    );
    expect(summariseHelp('Resize when required. Default: area Options: lanczos, area / 必要')).toBe(
      'Resize when required. Options: lanczos, area.',
    );
    expect(summariseHelp('batch size (default: None, use dataset’s batch size) / バッチ')).toBe(
      'Batch size (when empty, use dataset’s batch size).',
    );
    expect(summariseHelp('maximum token length for T5-XXL. 256 is the default value / 最大')).toBe(
      'Maximum token length for T5-XXL.',
    );
  });

  it('spells tags out once and says a repeated help once', () => {
    expect(summariseHelp('[EXPERIMENTAL] Sets the number of blocks / 順')).toBe(
      'Experimental: sets the number of blocks.',
    );
    expect(summariseHelp('[Deprecated] This option is deprecated. / 非推奨')).toBe(
      'This option is deprecated.',
    );
    expect(summariseHelp('[DOES NOT WORK] not supported yet. T5-XXL device. / デバイス')).toBe(
      'Not supported by sd-scripts yet: T5-XXL device.',
    );
    expect(summariseHelp('debiased estimation loss / debiased estimation loss')).toBe(
      'Debiased estimation loss.',
    );
  });

  it('says wordy or self-naming helps plainer, so even an English-only help is not copied as it is', () => {
    expect(
      summariseHelp('Possible options are none|cpu|nvme. Only applicable with ZeRO Stages 2 and 3.'),
    ).toBe('One of none, cpu or nvme. Only used with ZeRO stages 2 and 3.');
    expect(summariseHelp('Possible options are 0,1,2,3.')).toBe('One of 0, 1, 2 or 3.');
    expect(
      summariseHelp('Flag to indicate whether to save 16-bit model. Only applicable with ZeRO Stage-3.'),
    ).toBe('Whether to save 16-bit model. Only used with ZeRO stage 3.');
    expect(
      summariseHelp('fp16_master_and_gradients requires optimizer to support keeping fp16 master.'),
    ).toBe('Needs an optimizer to support keeping fp16 master.');
  });

  it('keeps whole sentences up to the length, or cuts the first at a word', () => {
    const long = `First sentence is short. ${'Second sentence goes on and on '.repeat(5)}end.`;
    expect(summariseHelp(long, 60)).toBe('First sentence is short.');
    const one = `${'word '.repeat(40)}end`;
    const cut = summariseHelp(one, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^Word word .* word…$/);
  });

  it('is empty when there is no English to summarise', () => {
    expect(summariseHelp('学習率')).toBe('');
    expect(summariseHelp('   ')).toBe('');
  });
});

describe('labels from machine names', () => {
  it('reads a key with its acronyms and names as people write them', () => {
    expect(labelFromKey('min_snr_gamma')).toBe('Min SNR gamma');
    expect(labelFromKey('clip_l_dropout_rate')).toBe('CLIP-L dropout rate');
    expect(labelFromKey('huggingface_repo_id')).toBe('Hugging Face repo ID');
    expect(labelFromKey('save_every_n_epochs')).toBe('Save every N epochs');
    expect(labelFromKey('xformers')).toBe('xFormers');
    expect(labelFromKey('t5xxl_max_token_length')).toBe('T5-XXL max token length');
    expect(labelFromKey('learningRate')).toBe('Learning rate');
  });

  it('labels choices: names read like keys, numbers as they are, upper case calmed', () => {
    expect(labelFromChoice('logit_normal')).toBe('Logit normal');
    expect(labelFromChoice('INFO')).toBe('Info');
    expect(labelFromChoice('AdamW8bit')).toBe('AdamW8bit');
    expect(labelFromChoice(2)).toBe('2');
    expect(labelFromChoice('')).toBe('(none)');
    expect(choiceLabelsOf([0, 'tensorboard'])).toEqual({ '0': '0', tensorboard: 'TensorBoard' });
  });
});
