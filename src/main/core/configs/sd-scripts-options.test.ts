import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { sdScriptsTrainer } from '../../../shared/trainers/sd-scripts';
import { generatedFrom, generatedOptions } from '../../../shared/trainers/sd-scripts/advanced-fields';
import { derivedOptions } from '../../../shared/trainers/sd-scripts/schema';

const tempDir = useTempDirs();
const script = join(import.meta.dirname, '../../../../scripts/generate-sd-scripts-options.py');

/** A miniature sd-scripts tree: entry scripts whose parsers call helpers in library modules. */
function fakeSdScripts(): string {
  const root = tempDir();
  mkdirSync(join(root, 'library'));
  writeFileSync(
    join(root, 'library', 'train_util.py'),
    [
      'def add_training_arguments(parser, support_dreambooth):',
      '    parser.add_argument("--max_train_steps", type=int, default=1600, help="training steps / 学習ステップ数")',
      '    parser.add_argument("--mixed_precision", type=str, default="no", choices=["no", "fp16", "bf16"])',
      '    if support_dreambooth:',
      '        parser.add_argument("--prior_loss_weight", type=float, default=1.0)',
      '    parser.add_argument("--text_encoder_lr", type=float, default=None, nargs="*", help="learning rate " + "for TE")',
      '    parser.add_argument("--gradient_checkpointing", action="store_true", help=f"on ({support_dreambooth})")',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'train_network.py'),
    [
      'import argparse',
      'from library import train_util',
      'def setup_parser():',
      '    parser = argparse.ArgumentParser()',
      '    train_util.add_training_arguments(parser, True)',
      '    parser.add_argument("--network_dim", type=int, default=None)',
      '    return parser',
      '',
    ].join('\n'),
  );
  for (const [name, extra] of [
    ['sdxl_train_network.py', '"--cache_text_encoder_outputs", action="store_true"'],
    ['sd3_train_network.py', '"--clip_g", type=str'],
    ['flux_train_network.py', '"--guidance_scale", type=float, default=3.5'],
  ] as const) {
    writeFileSync(
      join(root, name),
      [
        'import train_network',
        'def setup_parser():',
        '    parser = train_network.setup_parser()',
        `    parser.add_argument(${extra})`,
        '    return parser',
        '',
      ].join('\n'),
    );
  }
  return root;
}

describe('the generated list of sd-scripts options', () => {
  it('is read from argparse definitions through helper functions: facts and help texts', () => {
    const out = join(tempDir(), 'options.json');
    execFileSync('python3', [script, fakeSdScripts(), out], { stdio: 'pipe' });
    const generated = JSON.parse(readFileSync(out, 'utf8')) as {
      options: ({ name: string } & Record<string, unknown>)[];
    };
    const byName: Record<string, Record<string, unknown>> = Object.fromEntries(
      generated.options.map((o) => [o.name, o]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'cache_text_encoder_outputs',
      'clip_g',
      'gradient_checkpointing',
      'guidance_scale',
      'max_train_steps',
      'mixed_precision',
      'network_dim',
      'prior_loss_weight',
      'text_encoder_lr',
    ]);
    expect(byName.mixed_precision).toMatchObject({
      type: 'str',
      default: 'no',
      choices: ['no', 'fp16', 'bf16'],
      definedAt: 'library/train_util.py:3',
    });
    expect(byName.text_encoder_lr).toMatchObject({ type: 'float', nargs: '*' });
    expect(byName.gradient_checkpointing).toMatchObject({
      action: 'store_true',
      scripts: ['train_network.py', 'sdxl_train_network.py', 'sd3_train_network.py', 'flux_train_network.py'],
    });
    expect(byName.guidance_scale).toMatchObject({ default: 3.5, scripts: ['flux_train_network.py'] });
    // Help texts as written (joined where the source joins them), for the form's tooltips to summarise.
    expect(byName.max_train_steps?.help).toBe('training steps / 学習ステップ数');
    expect(byName.text_encoder_lr?.help).toBe('learning rate for TE');
    expect(byName.gradient_checkpointing?.help).toBe('on ({support_dreambooth})');
    expect(byName.mixed_precision?.help).toBeNull();
  });

  it('names the sd-scripts commit it was read from', () => {
    expect(generatedFrom.repository).toBe('kohya-ss/sd-scripts');
    expect(generatedFrom.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('leaves no sd-scripts option unknown: each is a form field, an advanced field, a per-folder field or derived by the writer', () => {
    const fields = sdScriptsTrainer.schema.properties;
    const perFolder = fields.subsets?.items?.properties ?? {};
    const missing = generatedOptions
      .map((o) => o.name)
      .filter((name) => !(name in fields) && !(name in perFolder) && !derivedOptions.includes(name));
    expect(missing).toEqual([]);
    expect(generatedOptions.length).toBeGreaterThan(200);
    // Advanced fields keep the facts: type, choices, default, and the families whose scripts have them.
    expect(fields.huber_scale).toMatchObject({
      type: 'number',
      default: 1.0,
      'x-dpgui': { section: 'advanced', advanced: true },
    });
    expect(fields.clip_g_dropout_rate?.['x-dpgui']?.families).toEqual(['sd3']);
    expect(fields.cpu_offload_checkpointing?.['x-dpgui']?.families).toBeUndefined();
  });
});
