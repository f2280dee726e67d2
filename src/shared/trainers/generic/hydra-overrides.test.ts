import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { applyOverrides, parseOverride, parseOverrides, type ParsedOverride } from './hydra-overrides';

function parsed(text: string): ParsedOverride {
  const result = parseOverride(text);
  if (!result.ok) throw new Error(result.message);
  return result.override;
}

function failure(text: string): string {
  const result = parseOverride(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return result.message;
}

const yamlConfig = load(`
run_name: demo
max_steps: 1000
optimizer:
  name: AdamW
  lr: 0.0001
  betas: [0.9, 0.999]
model:
  pretrained_path: /models/base.safetensors
  vae_path: null
`) as Record<string, unknown>;

describe('parsing an override', () => {
  it('reads the four kinds and dotted keys', () => {
    expect(parsed('optimizer.lr=3e-4')).toMatchObject({
      kind: 'change',
      key: 'optimizer.lr',
      path: ['optimizer', 'lr'],
      value: 3e-4,
    });
    expect(parsed('+network.rank=16')).toMatchObject({ kind: 'add', key: 'network.rank', value: 16 });
    expect(parsed('++seed=7')).toMatchObject({ kind: 'force', key: 'seed', value: 7 });
    expect(parsed('~model.vae_path')).toMatchObject({ kind: 'delete', key: 'model.vae_path' });
    expect(parsed('~model.vae_path')).not.toHaveProperty('value');
    expect(parsed('~run_name=demo')).toMatchObject({ kind: 'delete', value: 'demo' });
  });

  it('types values as Hydra does: null, booleans, ints, floats, strings', () => {
    expect(parsed('a=null').value).toBeNull();
    expect(parsed('a=true').value).toBe(true);
    expect(parsed('a=False').value).toBe(false);
    expect(parsed('a=42').value).toBe(42);
    expect(parsed('a=-3').value).toBe(-3);
    expect(parsed('a=1_000').value).toBe(1000);
    expect(parsed('a=0.5').value).toBe(0.5);
    expect(parsed('a=1e-4').value).toBe(1e-4);
    expect(parsed('a=AdamW8bit').value).toBe('AdamW8bit');
    expect(parsed('a=/data/my images/x').value).toBe('/data/my images/x');
    expect(parsed('a=').value).toBe('');
    expect(parsed('a=${oc.env:HOME}').value).toBe('${oc.env:HOME}');
  });

  it('keeps quoted strings as text, with their commas and brackets', () => {
    expect(parsed("a='42'").value).toBe('42');
    expect(parsed('a="x, y"').value).toBe('x, y');
    expect(parsed("a='it\\'s [1]'").value).toBe("it's [1]");
  });

  it('reads lists and dictionaries, nested', () => {
    expect(parsed('a=[1,2.5,x]').value).toEqual([1, 2.5, 'x']);
    expect(parsed('a=[]').value).toEqual([]);
    expect(parsed("a=[[512, 512], ['x', null]]").value).toEqual([
      [512, 512],
      ['x', null],
    ]);
    expect(parsed('a={lr: 0.1, name: sgd}').value).toEqual({ lr: 0.1, name: 'sgd' });
  });

  it('refuses sweeps, naming the override', () => {
    expect(failure('optimizer.lr=1e-4,3e-4')).toMatch(/^Override "optimizer.lr=1e-4,3e-4": .*sweep/);
    expect(failure('seed=range(1,5)')).toMatch(/"seed=range\(1,5\)".*range\(…\) is a sweep/);
    expect(failure('data=glob(*)')).toMatch(/glob\(…\) is a sweep/);
    expect(failure("a='x','y'")).toMatch(/sweep/);
  });

  it('refuses what is not an override, saying what to write', () => {
    expect(failure('lr')).toMatch(/needs "="/);
    expect(failure('=3')).toMatch(/is not a key/);
    expect(failure('a..b=1')).toMatch(/is not a key/);
    expect(failure('a=[1,2')).toMatch(/closing "\]"/);
    expect(failure("a='open")).toMatch(/no closing '/);
    expect(failure('a=int(3)')).toMatch(/not supported/);
    expect(failure('~a=')).toMatch(/~key/);
    expect(failure('   ')).toMatch(/empty/);
  });
});

describe('applying overrides to a YAML config', () => {
  it('changes existing keys, adds new ones, forces and deletes', () => {
    const { overrides, errors } = parseOverrides([
      'optimizer.lr=3e-4',
      '+network.rank=32',
      '++max_steps=50',
      '++extra.flag=true',
      '~model.vae_path',
      'optimizer.betas=[0.9,0.99]',
    ]);
    expect(errors).toEqual([]);
    const result = applyOverrides(yamlConfig, overrides);
    expect(result.errors).toEqual([]);
    expect(result.doc).toEqual({
      run_name: 'demo',
      max_steps: 50,
      optimizer: { name: 'AdamW', lr: 3e-4, betas: [0.9, 0.99] },
      model: { pretrained_path: '/models/base.safetensors' },
      network: { rank: 32 },
      extra: { flag: true },
    });
    // The config itself is left as it was.
    expect((yamlConfig.optimizer as Record<string, unknown>).lr).toBe(0.0001);
  });

  it('holds to Hydra rules: key= must exist, +key must not, ~key must exist and match', () => {
    const { overrides } = parseOverrides([
      'optimizer.momentum=0.9',
      '+run_name=other',
      '~missing_key',
      '~run_name=other',
      'run_name.part=1',
      'network.rank=8',
    ]);
    const { errors, doc } = applyOverrides(yamlConfig, overrides);
    expect(errors.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(errors[0]?.message).toBe(
      'Override "optimizer.momentum=0.9": optimizer.momentum does not exist in the config; write +optimizer.momentum=0.9 to add it.',
    );
    expect(errors[1]?.message).toMatch(
      /run_name is already in the config; write run_name=other to change it/,
    );
    expect(errors[2]?.message).toMatch(/missing_key does not exist, so it cannot be deleted/);
    expect(errors[3]?.message).toMatch(/run_name is "demo", not "other"/);
    expect(errors[4]?.message).toMatch(/run_name is a value, not a section/);
    expect(errors[5]?.message).toMatch(/network.rank does not exist in the config; write \+network.rank=8/);
    expect(doc).toEqual(yamlConfig);
  });

  it('points errors at the override as listed, past ones that did not parse', () => {
    const { overrides, errors } = parseOverrides(['lr=1,2', 'nope=1']);
    expect(errors.map((e) => e.index)).toEqual([0]);
    expect(errors[0]?.message).toMatch(/sweep/);
    expect(applyOverrides(yamlConfig, overrides).errors[0]?.index).toBe(1);
  });
});
