/**
 * The generic trainer's command template: a command line with placeholders the app fills in when a
 * job starts. Split like a shell would (quotes, backslashes) but never run through one.
 * {config} and {run_dir} are known when the files are written; {python}, {port}, {num_gpus} and
 * {gpu_ids} (the ids as the child sees them, 0…N-1) when the job is launched.
 */

export const placeholders = ['python', 'config', 'run_dir', 'port', 'num_gpus', 'gpu_ids'] as const;
export type Placeholder = (typeof placeholders)[number];

export const defaultCommandTemplate = '{python} train.py --config-path {run_dir} --config-name config';

export type SplitResult = { ok: true; argv: string[] } | { ok: false; message: string };

/**
 * Words of a command line as a POSIX shell splits them: spaces separate, '…' and "…" group (an empty
 * pair is an empty word), a backslash escapes the next character (inside "…" only " \ $ or `).
 */
export function splitCommand(line: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] ?? '';
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line.charAt(i + 1)))
        word += line[++i] ?? '';
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: `The command has an unclosed ${quote}.` };
  if (inWord) argv.push(word);
  return { ok: true, argv };
}

/** Placeholders used in a template that the app does not know ("{gpu}" for "{gpu_ids}"). */
export function unknownPlaceholders(template: string): string[] {
  const found = [...template.matchAll(/\{([A-Za-z_][\w]*)\}/g)].map((m) => m[1] ?? '');
  return [...new Set(found.filter((name) => !(placeholders as readonly string[]).includes(name)))];
}

/** The argv with the given placeholders filled in; the others stay for a later step. */
export function fillPlaceholders(
  argv: readonly string[],
  facts: Partial<Record<Placeholder, string>>,
): string[] {
  return argv.map((word) =>
    word.replace(/\{([A-Za-z_]\w*)\}/g, (whole, name: string) => facts[name as Placeholder] ?? whole),
  );
}
