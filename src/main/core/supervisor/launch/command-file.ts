/**
 * `command.txt` in the run folder: the folder, the environment we set and the command, shell-quoted,
 * so a person can run the training by hand exactly as DPGui did (`sh command.txt`).
 */

/** A word as a POSIX shell reads it back unchanged. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CommandFile {
  jobId: string;
  cwd: string;
  set: readonly (readonly [string, string])[];
  argv: readonly string[];
}

export function formatCommandFile(command: CommandFile): string {
  return [
    `# DPGui job ${command.jobId}: the trainer's command as DPGui started it (under python-bridge's wrapper).`,
    '# Run it by hand with: sh command.txt',
    `cd ${shellQuote(command.cwd)}`,
    ...command.set.map(([key, value]) => `export ${key}=${shellQuote(value)}`),
    command.argv.map(shellQuote).join(' '),
    '',
  ].join('\n');
}
