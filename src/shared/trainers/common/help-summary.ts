/**
 * A trainer's own help text, summarised for a tooltip: sd-scripts writes most of its argparse help
 * as "English / 日本語", with tags ("[EXPERIMENTAL]"), code quotes, stray spacing and defaults the
 * form shows anyway. The summary keeps the English part, drops the default clauses (the form shows
 * the default it writes, which may not be the trainer's), cleans it up and keeps it short.
 */

/** Japanese, Chinese and full-width characters: where the second language of a help text starts. */
const cjk = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** The English part of a bilingual help text (before the " / " that precedes the first CJK text). */
export function englishPart(help: string): string {
  const first = help.search(cjk);
  if (first < 0) return help;
  const before = help.slice(0, first);
  const slash = before.lastIndexOf('/');
  return slash < 0 ? '' : before.slice(0, slash);
}

/** A tag, the words that replace it, and what says the same already (then the words are left out). */
const tags: [RegExp, string, RegExp][] = [
  [/\[experimental\]\s*/i, 'Experimental: ', /experimental/i],
  [/\[does not work\]\s*(not supported yet\.?\s*)?/i, 'Not supported by sd-scripts yet: ', /not supported/i],
  [/\[deprecated\]\s*/i, 'Deprecated: ', /deprecated/i],
];

/** Clauses that only state the trainer's default (the form shows the value it writes). */
const defaultClauses: [RegExp, string | ((match: string, lead: string) => string)][] = [
  // "default: None, use the dataset's" → "when empty, use the dataset's"
  [/\bdefault(?:\s+is|:)\s+None\b/gi, 'when empty'],
  // "(default is 0)", "(default: flux)", "(default)" — a parenthesis that holds nothing else.
  [/\s*\(\s*default(?:\s+is|:)?\s*[^\s(),;]*\s*\)/gi, ''],
  // "(1~1000, default is 1000)" → "(1~1000)"; "(disabled if None, default)" → "(disabled if None)"
  [/,\s*default(?:(?:\s+is|:)\s*[^\s(),;]+)?(?=\s*\))/gi, ''],
  // ", default is 0.0" / ". Default is uniform," / ", default is script-specific default name": to the clause's end.
  [
    /([,.]?)\s*\bdefault(?:\s+is|:)\s+(?:[^.;,()]|\.(?=\w))*?(?=[.;,)](?:\s|$)|\s+[A-Z]\w*:|$)/gi,
    (_: string, lead: string) => (lead === '.' ? '.' : ''),
  ],
  // "256 is the default value"
  [/([,.]?)\s*\b[\w.]+ is the default value\b/gi, (_: string, lead: string) => (lead === '.' ? '.' : '')],
];

/** Names spelled as their owners spell them. */
const names: [RegExp, string][] = [[/\bhugging ?face\b/gi, 'Hugging Face']];

/** "a|b|c" or "0,1,2,3" → "a, b or c". */
function oneOf(list: string): string {
  const items = list.split(/\s*[|,]\s*/).filter((item) => item !== '');
  return items.length < 2 ? list : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** Wordings said shorter or plainer (DeepSpeed's helps, a help that starts with its own option's name). */
const plainer: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/\bPossible options are ([^\s.]+)\./g, (_, list: string) => `One of ${oneOf(list)}.`],
  [/\bFlag to indicate whether to\b/g, 'Whether to'],
  [/\bOnly applicable (?:with|to|for)\b/g, 'Only used with'],
  [/\bStage(s?)[- ](?=\d)/g, (_, plural: string) => `stage${plural} `],
  // "fp16_master_and_gradients requires optimizer …" (the option's own name as the subject).
  [/^[a-z0-9]+(?:_[a-z0-9]+)+ requires optimizer\b/, 'Needs an optimizer'],
];

/** "passes.Increasing" → "passes. Increasing", but not "package.module.Class" (a dotted name). */
function spaceAfterFullStops(text: string): string {
  return text
    .split(' ')
    .map((token) => (/^[^.]*[a-z)]\.[A-Z][a-z][^.]*$/.test(token) ? token.replace('.', '. ') : token))
    .join(' ');
}

/** If the text says the same thing twice ("debiased estimation loss / debiased estimation loss"), once. */
function once(text: string): string {
  const halves = text.split(' / ');
  const first = halves[0] ?? '';
  return halves.length === 2 && first.toLowerCase() === (halves[1] ?? '').toLowerCase() ? first : text;
}

/** The first letter upper case, unless the text starts with a name spelled otherwise ("fp16_x", "xFormers"). */
function capitalise(text: string): string {
  const first = text.split(' ')[0] ?? '';
  if (/[_\d]/.test(first) || /^[a-z]+[A-Z]/.test(first)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whole sentences up to `maxLength` characters, or the first one cut at a word, with an ellipsis. */
function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z(])/);
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out} ${sentence}`;
    if (next.length > maxLength) break;
    out = next;
  }
  if (out !== '') return out;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(-]+$/, '')}…`;
}

/**
 * A short, clean sentence (or two) from a help text: its English part, tags spelled out, default
 * clauses and code quotes removed, spacing and the first letter fixed, ending with a full stop.
 * Empty when the help has no English part.
 */
export function summariseHelp(help: string, maxLength = 180): string {
  let text = once(englishPart(help).replace(/\s+/g, ' ').trim());
  let lead = '';
  for (const [tag, words, already] of tags) {
    if (tag.test(text)) {
      text = text.replace(tag, '');
      // "[Deprecated] This option is deprecated…" says it once.
      if (!already.test(text)) lead += words;
    }
  }
  for (const [clause, replacement] of defaultClauses) {
    text =
      typeof replacement === 'string' ? text.replace(clause, replacement) : text.replace(clause, replacement);
  }
  for (const [name, spelling] of names) text = text.replace(name, spelling);
  for (const [wording, plain] of plainer) {
    text = typeof plain === 'string' ? text.replace(wording, plain) : text.replace(wording, plain);
  }
  text = spaceAfterFullStops(text)
    .replace(/`/g, '')
    .replace(/\bNone\b/g, 'empty')
    .replace(/([a-z]),(?=[a-z])/g, '$1, ')
    .replace(/\(\s*,?\s*/g, '(')
    .replace(/\s+([,;:)])/g, '$1')
    .replace(/\s+\.(?=\s|$)/g, '.')
    .replace(/\.\s*,\s*/g, '. ')
    .replace(/^[\s,.;:]+|[\s,;:]+$/g, '')
    .replace(/\.{2,}$/, '.');
  if (text === '') return '';
  // Sentences start with a capital ("… state_dict. if not specified" → ". If"), but not after "e.g.".
  text = text.replace(
    /(?<!\b(?:e\.g|i\.e|ex))\. ([a-z])(?=[a-z\s])/g,
    (_, letter: string) => `. ${letter.toUpperCase()}`,
  );
  const body = lead !== '' && /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  text = capitalise(lead + body);
  if (!/[.!?…]$/.test(text)) text += '.';
  return shorten(text, maxLength);
}
