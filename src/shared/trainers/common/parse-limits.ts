/**
 * Bounded parsing of the files users import (YAML, TOML, JSON): how deep a config may nest, how large it
 * may grow once YAML aliases are followed, how many aliases it may use. Parsing itself is quick; what
 * hurts is what comes after it — every walk of the value (the form, the checks, the JSON answer) is
 * recursive and expands aliases, so a 467-byte alias bomb becomes minutes of work, a self-reference a
 * "circular structure" failure and a key 100,000 levels deep a stack overflow. Each parser here uses the
 * library's own bound where it has one and measures the parsed value (iteratively, each shared node once)
 * before anyone else walks it. A file over a bound is a `ParseLimitError` naming the file and the limit.
 */
import { load, YAMLException } from 'js-yaml';
import { parse as parseTomlText } from 'smol-toml';

export interface ParseLimits {
  /** Containers (tables, lists) nested in one another, the outermost one counted. */
  maxDepth: number;
  /** About the length of the value written as JSON, with every alias expanded. */
  maxExpandedBytes: number;
  /** YAML aliases (`*name`) in one document. */
  maxAliases: number;
}

/** Ordinary training configs nest a handful of levels and use a few aliases at most. */
export const configLimits: ParseLimits = {
  maxDepth: 64,
  maxExpandedBytes: 8 * 1024 * 1024,
  maxAliases: 1000,
};

/** A training config ({trainer, family, values}) holds an imported document two levels down. */
export const trainerConfigLimits: ParseLimits = { ...configLimits, maxDepth: configLimits.maxDepth + 2 };

export type ParseLimit = 'depth' | 'expanded-size' | 'aliases' | 'self-reference';

/** A file that is valid in its format but over one of the bounds: the user's to fix, not a crash. */
export class ParseLimitError extends Error {
  constructor(
    readonly limit: ParseLimit,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParseLimitError';
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

export function depthError(file: string, limits: ParseLimits): ParseLimitError {
  return new ParseLimitError(
    'depth',
    file,
    `${file} nests tables or lists more than ${limits.maxDepth} levels deep; DPGui reads configs nested up to ${limits.maxDepth} levels.`,
  );
}

function expandedSizeError(file: string, limits: ParseLimits): ParseLimitError {
  return new ParseLimitError(
    'expanded-size',
    file,
    `${file} grows past ${mib(limits.maxExpandedBytes)} once its aliases (*name) are expanded; DPGui reads configs up to ${mib(limits.maxExpandedBytes)} expanded.`,
  );
}

function aliasesError(file: string, limits: ParseLimits): ParseLimitError {
  return new ParseLimitError(
    'aliases',
    file,
    `${file} uses more than ${limits.maxAliases} aliases (*name); DPGui reads configs with up to ${limits.maxAliases}.`,
  );
}

function selfReferenceError(file: string): ParseLimitError {
  return new ParseLimitError(
    'self-reference',
    file,
    `${file} has an alias (*name) inside the node it names, so the config would contain itself; refer to another node instead.`,
  );
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** About the JSON length of a value that holds no containers. */
function scalarSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value).length;
  if (value instanceof Date) return 26;
  return 5; // true, false, null
}

interface Frame {
  node: Container;
  keys: string[];
  next: number;
  depth: number;
  size: number;
}

/**
 * Throws a ParseLimitError when `value` nests deeper than the limit, expands (aliases followed) past the
 * size limit or contains itself. Iterative, and each shared node is measured once, so an alias bomb costs
 * no more than its text.
 */
export function checkParsedValue(value: unknown, file: string, limits: ParseLimits = configLimits): void {
  if (!isContainer(value)) return;
  const measured = new Map<Container, { depth: number; size: number }>();
  const open = new Set<Container>();
  const frameOf = (node: Container): Frame => {
    open.add(node);
    const keys = Array.isArray(node) ? [] : Object.keys(node);
    const ownSize = Array.isArray(node)
      ? 2 + node.length
      : 2 + keys.reduce((sum, key) => sum + key.length + 4, 0);
    return { node, keys, next: 0, depth: 1, size: ownSize };
  };
  const stack: Frame[] = [frameOf(value)];
  if (limits.maxDepth < 1) throw depthError(file, limits);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const { node } = frame;
    const count = Array.isArray(node) ? node.length : frame.keys.length;
    if (frame.next === count) {
      stack.pop();
      open.delete(node);
      measured.set(node, { depth: frame.depth, size: frame.size });
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.depth = Math.max(parent.depth, frame.depth + 1);
        parent.size += frame.size;
        if (parent.size > limits.maxExpandedBytes) throw expandedSizeError(file, limits);
      }
      continue;
    }
    const child: unknown = Array.isArray(node) ? node[frame.next] : node[frame.keys[frame.next] as string];
    frame.next += 1;
    if (!isContainer(child)) {
      frame.size += scalarSize(child);
    } else if (open.has(child)) {
      throw selfReferenceError(file);
    } else {
      const known = measured.get(child);
      if (known) {
        if (stack.length + known.depth > limits.maxDepth) throw depthError(file, limits);
        frame.depth = Math.max(frame.depth, known.depth + 1);
        frame.size += known.size;
      } else {
        if (stack.length + 1 > limits.maxDepth) throw depthError(file, limits);
        stack.push(frameOf(child));
      }
    }
    if (frame.size > limits.maxExpandedBytes) throw expandedSizeError(file, limits);
  }
}

/** YAML: the parser's own depth and alias bounds, then the measure (aliases expanded). */
export function parseYamlWithin(text: string, file: string, limits: ParseLimits = configLimits): unknown {
  let value: unknown;
  try {
    // js-yaml's depth counts block nodes differently (a block list item is two levels): its bound only
    // keeps its recursion shallow; the measure below applies the limit exactly.
    value = load(text, { maxDepth: 2 * limits.maxDepth + 2, maxAliases: limits.maxAliases });
  } catch (error) {
    // js-yaml says these in its own words; answer them as the bounds they are.
    if (error instanceof YAMLException && /exceeded maxDepth/.test(error.message))
      throw depthError(file, limits);
    if (error instanceof YAMLException && /exceeded maxAliases/.test(error.message))
      throw aliasesError(file, limits);
    throw error;
  }
  checkParsedValue(value, file, limits);
  return value;
}

/**
 * The most segments in one dotted key of a TOML text (`a.b."c" = 1` and `[a.b.c]` have 3), found in one
 * pass. smol-toml bounds inline tables and arrays but not dotted keys or table headers, and a key
 * 2,000,000 segments deep (4 MiB) takes it 10 s and a gigabyte before any measure could run.
 */
export function longestTomlKey(text: string): number {
  let longest = 0;
  let dots = 0; // dots in the chain so far
  let expect: 'segment-or-dot' | 'segment' | 'any' = 'any';
  let i = 0;
  while (i < text.length) {
    const [token, next] = tomlToken(text, i);
    i = next;
    if (token === 'blank') continue;
    if (token === 'dot') {
      // A dot after a segment continues the chain; anywhere else it ends it.
      if (expect === 'segment-or-dot') {
        dots += 1;
        expect = 'segment';
      } else {
        dots = 0;
        expect = 'any';
      }
    } else if (token === 'segment') {
      if (expect !== 'segment') dots = 0;
      expect = 'segment-or-dot';
      longest = Math.max(longest, dots + 1);
    } else {
      dots = 0;
      expect = 'any';
    }
  }
  return longest;
}

function isBareKeyChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/** The token at `i` as the key measure sees it, and where the next one starts. */
function tomlToken(text: string, i: number): ['blank' | 'dot' | 'segment' | 'other', number] {
  const c = text.charCodeAt(i);
  if (c === 0x20 || c === 0x09) return ['blank', i + 1];
  if (c === 0x2e) return ['dot', i + 1];
  if (isBareKeyChar(c)) {
    let j = i + 1;
    while (j < text.length && isBareKeyChar(text.charCodeAt(j))) j += 1;
    return ['segment', j];
  }
  if (c === 0x22 || c === 0x27) {
    const quote = c === 0x22 ? '"' : "'";
    const triple = quote.repeat(3);
    if (text.startsWith(triple, i)) {
      // A multi-line string is a value, never a key: skip it whole.
      let close = text.indexOf(triple, i + 3);
      while (quote === '"' && close !== -1 && isEscaped(text, close)) close = text.indexOf(triple, close + 1);
      return ['other', close === -1 ? text.length : close + 3];
    }
    let j = i + 1;
    while (j < text.length && text[j] !== quote && text[j] !== '\n')
      j += quote === '"' && text[j] === '\\' ? 2 : 1;
    return ['segment', j + 1];
  }
  if (c === 0x23) {
    const end = text.indexOf('\n', i);
    return ['other', end === -1 ? text.length : end];
  }
  return ['other', i + 1];
}

/** Whether the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let k = index - 1; k >= 0 && text[k] === '\\'; k--) backslashes += 1;
  return backslashes % 2 === 1;
}

/** TOML: the dotted keys measured in the text first, inline nesting bounded by smol-toml, then the value. */
export function parseTomlWithin(
  text: string,
  file: string,
  options: { integersAsBigInt?: boolean } = {},
  limits: ParseLimits = configLimits,
): Record<string, unknown> {
  if (longestTomlKey(text) > limits.maxDepth) throw depthError(file, limits);
  // unknown first: smol-toml's recursive value types are more than the type checker and lint should relate.
  let table: unknown;
  try {
    table = parseTomlText(text, {
      maxDepth: limits.maxDepth,
      ...(options.integersAsBigInt ? { integersAsBigInt: true } : {}),
    });
  } catch (error) {
    if (error instanceof Error && /excessively nested/.test(error.message)) throw depthError(file, limits);
    throw error;
  }
  checkParsedValue(table, file, limits);
  return table as Record<string, unknown>;
}

/** How deep `[` and `{` nest in a JSON text, strings skipped (one pass, before JSON.parse builds it). */
export function jsonNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** JSON: nesting measured in the text (JSON.parse would build it all first), then the value. */
export function parseJsonWithin(text: string, file: string, limits: ParseLimits = configLimits): unknown {
  if (jsonNesting(text) > limits.maxDepth) throw depthError(file, limits);
  const value: unknown = JSON.parse(text);
  checkParsedValue(value, file, limits);
  return value;
}
