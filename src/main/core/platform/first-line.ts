/** The first non-blank line of what a command printed: the part of a tool's failure worth quoting. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}
