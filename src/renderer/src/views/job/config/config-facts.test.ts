import { describe, expect, it } from 'vitest';
import { askedGpusText, launchLine } from './config-facts';

describe('the config tab', () => {
  it('says what GPUs the job asked for', () => {
    expect(askedGpusText({ count: 0 })).toBe('CPU only');
    expect(askedGpusText({ count: 1 })).toBe('1 GPU');
    expect(askedGpusText({ count: 2, include: ['GPU-a', 'GPU-b'] })).toBe('2 GPUs, only GPU-a, GPU-b');
  });

  it('writes the launch as one line, without a script for the generic trainer', () => {
    expect(
      launchLine({
        script: 'train_network.py',
        args: ['--config_file', 'config.toml'],
        mainConfigFile: 'config.toml',
        outputs: [],
      }),
    ).toBe('train_network.py --config_file config.toml');
    expect(launchLine({ args: ['python', 'x.py'], mainConfigFile: 'c.yaml', outputs: [] })).toBe(
      'python x.py',
    );
  });
});
