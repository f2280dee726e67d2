import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkParsedValue,
  configLimits,
  jsonNesting,
  longestTomlKey,
  ParseLimitError,
  parseJsonWithin,
  parseTomlWithin,
  parseYamlWithin,
  type ParseLimit,
} from './parse-limits';

const { maxDepth } = configLimits;

function limitOf(run: () => unknown): ParseLimit | 'ok' | 'other' {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof ParseLimitError ? error.limit : 'other';
  }
}

const keys = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}`).join('.');

/** Texts whose value holds `n` containers nested in one another (the outermost table counted). */
const nestedTexts: Record<string, (n: number) => { parse: (text: string) => unknown; text: string }> = {
  'YAML flow lists': (n) => ({
    parse: (t) => parseYamlWithin(t, 'c.yaml'),
    text: `a: ${'['.repeat(n - 1)}1${']'.repeat(n - 1)}\n`,
  }),
  'YAML block mappings': (n) => ({
    parse: (t) => parseYamlWithin(t, 'c.yaml'),
    text: Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:${i === n - 1 ? ' 1' : ''}`).join('\n'),
  }),
  'YAML block lists': (n) => ({
    parse: (t) => parseYamlWithin(t, 'c.yaml'),
    text: `a:\n${Array.from({ length: n - 1 }, (_, i) => `${'  '.repeat(i + 1)}-${i === n - 2 ? ' 1' : ''}`).join('\n')}\n`,
  }),
  'TOML dotted key': (n) => ({ parse: (t) => parseTomlWithin(t, 'c.toml'), text: `${keys(n)} = 1\n` }),
  'TOML quoted dotted key': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    text: `${Array.from({ length: n }, (_, i) => (i % 2 ? `"k.${i}"` : ` 'k=${i}' `)).join('.')} = 1\n`,
  }),
  'TOML table header': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    text: `[${keys(n - 1)}]\nx = 1\n`,
  }),
  'TOML array-of-tables header': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    // [[a.b]] makes b a list of tables: n - 2 keys hold n containers.
    text: `[[${keys(Math.max(1, n - 2))}]]\nx = 1\n`,
  }),
  'TOML header and dotted key': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    text: `[${keys(Math.ceil((n - 1) / 2))}]\n${keys(Math.floor((n - 1) / 2) + 1).replace(/k/g, 'j')} = 1\n`,
  }),
  'TOML inline tables': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    text: `a = ${'{ b = '.repeat(n - 1)}1${' }'.repeat(n - 1)}\n`,
  }),
  'TOML arrays': (n) => ({
    parse: (t) => parseTomlWithin(t, 'c.toml'),
    text: `a = ${'['.repeat(n - 1)}1${']'.repeat(n - 1)}\n`,
  }),
  'JSON arrays': (n) => ({
    parse: (t) => parseJsonWithin(t, 'c.json'),
    text: `${'['.repeat(n)}${']'.repeat(n)}`,
  }),
  'JSON objects': (n) => ({
    parse: (t) => parseJsonWithin(t, 'c.json'),
    text: `${'{"a\\"[{":'.repeat(n - 1)}{}${'}'.repeat(n - 1)}`,
  }),
};

describe('nesting depth, in every format and shape', () => {
  it.each(Object.keys(nestedTexts))('%s: up to the limit is read, one level more is refused', (shape) => {
    const make = nestedTexts[shape];
    if (!make) throw new Error(shape);
    // 'TOML array-of-tables header' cannot make fewer than 3 containers.
    const at = (n: number): ParseLimit | 'ok' | 'other' => {
      const { parse, text } = make(n);
      return limitOf(() => parse(text));
    };
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 3 * maxDepth }), (n) => {
        expect(at(n)).toBe(n <= maxDepth ? 'ok' : 'depth');
      }),
      { numRuns: 40 },
    );
    expect(at(maxDepth)).toBe('ok');
    expect(at(maxDepth + 1)).toBe('depth');
  });

  it.each(Object.keys(nestedTexts))(
    '%s: 2,000 or 100,000 levels are refused at once with the limit in the sentence',
    (shape) => {
      const make = nestedTexts[shape];
      if (!make) throw new Error(shape);
      // Block YAML indents each level: 2,000 levels are already 4 MiB of text.
      const { parse, text } = make(shape.startsWith('YAML block') ? 2000 : 100_000);
      expect(() => parse(text)).toThrow(/c\.(yaml|toml|json) nests tables or lists more than 64 levels deep/);
    },
  );
});

/** An alias bomb: `levels` anchors, each a list of `width` aliases to the one before, the first of leaves. */
function listBomb(levels: number, width: number, leaf = 'lol'): string {
  let text = `a0: &a0 [${Array<string>(width).fill(leaf).join(',')}]\n`;
  for (let i = 1; i < levels; i++)
    text += `a${i}: &a${i} [${Array<string>(width)
      .fill(`*a${i - 1}`)
      .join(',')}]\n`;
  return text;
}

function mapBomb(levels: number, width: number): string {
  let text = `a0: &a0 {${Array.from({ length: width }, (_, k) => `k${k}: lol`).join(', ')}}\n`;
  for (let i = 1; i < levels; i++)
    text += `a${i}: &a${i} {${Array.from({ length: width }, (_, k) => `k${k}: *a${i - 1}`).join(', ')}}\n`;
  return text;
}

describe('YAML aliases', () => {
  it('refuses the 467-byte bomb (9 levels of 9) and the 8-level one at once, naming the limit', () => {
    const bomb = listBomb(9, 9);
    expect(bomb.length).toBeLessThanOrEqual(467);
    expect(() => parseYamlWithin(bomb, 'bomb.yaml')).toThrow(
      'bomb.yaml grows past 8 MiB once its aliases (*name) are expanded; DPGui reads configs up to 8 MiB expanded.',
    );
    expect(limitOf(() => parseYamlWithin(listBomb(8, 9), 'bomb.yaml'))).toBe('expanded-size');
  });

  it('refuses every bomb that expands past the limit and reads every one that does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 2, max: 12 }),
        fc.boolean(),
        (levels, width, asMap) => {
          const text = asMap ? mapBomb(levels, width) : listBomb(levels, width);
          // Leaves alone, as JSON: width^levels of them, 5 characters each at least.
          const expandedAtLeast = width ** levels * 5;
          const answer = limitOf(() => parseYamlWithin(text, 'b.yaml'));
          if (levels + 1 > maxDepth) expect(['depth', 'expanded-size']).toContain(answer);
          else if (expandedAtLeast > configLimits.maxExpandedBytes) expect(answer).toBe('expanded-size');
          // Clearly small ones are read: 60 characters a leaf covers keys, brackets and the anchors' own copies.
          else if (width ** levels * 60 < configLimits.maxExpandedBytes) expect(answer).toBe('ok');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an alias that reaches the depth limit only once expanded', () => {
    const deep = `${'['.repeat(40)}1${']'.repeat(40)}`;
    const text = `a: &a ${deep}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`;
    expect(limitOf(() => parseYamlWithin(text, 'c.yaml'))).toBe('depth');
    expect(limitOf(() => parseYamlWithin(`a: &a ${deep}\nb: [*a]\n`, 'c.yaml'))).toBe('ok');
  });

  it.each([
    ['a list holding itself', 'a: &a [*a]\n'],
    ['a mapping holding itself', 'a: &a {b: *a}\n'],
    ['a cycle through a list and a mapping', 'a: &a {b: [1, {c: *a}]}\n'],
    ['the document itself', '&root {a: *root}\n'],
    ['a block mapping', 'a: &a\n  b:\n    - *a\n'],
  ])(
    'refuses a self-reference (%s) with a sentence instead of a circular-structure failure',
    (_name, text) => {
      expect(() => parseYamlWithin(text, 'self.yaml')).toThrow(
        /self\.yaml has an alias \(\*name\) inside the node it names/,
      );
    },
  );

  it('reads shared nodes that are not cycles, and refuses more aliases than the limit', () => {
    const value = parseYamlWithin('base: &b {lr: 1}\nx: *b\ny: [*b, *b]\n', 'c.yaml') as Record<
      string,
      unknown
    >;
    expect(value.x).toEqual({ lr: 1 });
    const many = `a: &a 1\nb: [${Array<string>(configLimits.maxAliases + 1)
      .fill('*a')
      .join(', ')}]\n`;
    expect(() => parseYamlWithin(many, 'many.yaml')).toThrow(
      'many.yaml uses more than 1000 aliases (*name); DPGui reads configs with up to 1000.',
    );
    const enough = `a: &a 1\nb: [${Array<string>(configLimits.maxAliases).fill('*a').join(', ')}]\n`;
    expect(limitOf(() => parseYamlWithin(enough, 'c.yaml'))).toBe('ok');
  });

  it('passes on a syntax error as the parser said it', () => {
    expect(limitOf(() => parseYamlWithin('a: [1,\n', 'c.yaml'))).toBe('other');
    expect(limitOf(() => parseTomlWithin('a = [1,\n', 'c.toml'))).toBe('other');
    expect(limitOf(() => parseJsonWithin('{"a":', 'c.json'))).toBe('other');
  });
});

describe('longestTomlKey, the one-pass measure of dotted keys', () => {
  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/),
    fc.stringMatching(/^[ -~]{0,6}$/).map((s) => JSON.stringify(s)),
    fc.stringMatching(/^[^'\n\r]{0,6}$/).map((s) => `'${s}'`),
  );
  const blank = fc.constantFrom('', ' ', '\t', '  ');

  it('counts the segments of any dotted key, quoted or bare, with blanks around the dots', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(segment, blank, blank), { minLength: 1, maxLength: 80 }), (parts) => {
        const key = parts.map(([s, before, after], i) => (i === 0 ? s : `${before}.${after}${s}`)).join('');
        expect(longestTomlKey(`${key} = 1\n`)).toBe(parts.length);
        expect(longestTomlKey(`[${key}]\n`)).toBe(parts.length);
        expect(longestTomlKey(`x = { ${key} = 1 }\n`)).toBe(parts.length);
      }),
    );
  });

  it('does not count dots in values, comments and multi-line strings', () => {
    const text = [
      'lr = 1.5e-4',
      'name = "a.b.c.d.e.f.g"',
      "path = 'x.y.z.w'",
      `notes = """\n${'a.'.repeat(500)}a\n"""`,
      `raw = '''\n${'b.'.repeat(500)}b\n'''`,
      `# ${'c.'.repeat(500)}`,
      'when = 1979-05-27T07:32:00.999Z',
      'list = [1.0, 2.0, 3.5]',
      'a.b = 1',
    ].join('\n');
    expect(longestTomlKey(text)).toBe(2);
    expect(parseTomlWithin(text, 'c.toml')).toMatchObject({ a: { b: 1 } });
  });
});

describe('checkParsedValue', () => {
  it('measures each shared node once: a wide bomb of a thousand levels is refused quickly', () => {
    let node: unknown = 'x';
    for (let i = 0; i < 1000; i++) node = [node, node];
    expect(limitOf(() => checkParsedValue({ a: node }, 'v', { ...configLimits, maxDepth: 2000 }))).toBe(
      'expanded-size',
    );
  });

  it('counts dates, bigints and nulls as values, not containers', () => {
    expect(limitOf(() => checkParsedValue({ d: new Date(0), n: 10n, z: null }, 'v'))).toBe('ok');
  });

  it('nests as deep as JSON.stringify can follow afterwards', () => {
    const depth = jsonNesting(JSON.stringify({ a: [[{ b: 1 }]] }));
    expect(depth).toBe(4);
    expect(jsonNesting('["[[[[", {"\\"{": 1}]')).toBe(2);
  });
});
