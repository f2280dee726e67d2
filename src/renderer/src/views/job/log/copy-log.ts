/**
 * The whole display log as plain text, read page by page through logs.read (a long log is never held
 * whole by the view); the colour codes are removed, as a person would paste it.
 */
import type { LogsReadResponse } from '../../../../../shared/contract';
import { plainText } from './ansi-segments';

export interface WholeLog {
  text: string;
  lines: number;
}

export async function readWholeLog(
  read: (fromLine: number) => Promise<LogsReadResponse>,
  onProgress: (done: number, total: number) => void,
): Promise<WholeLog> {
  const parts: string[] = [];
  let fromLine = 0;
  for (;;) {
    const page = await read(fromLine);
    for (const line of page.lines) parts.push(plainText(line.text));
    fromLine += page.lines.length;
    onProgress(fromLine, Math.max(fromLine, page.totalLines));
    if (page.lines.length === 0 || fromLine >= page.totalLines) {
      // The line still being written (a progress bar) ends the copy as it ends the view.
      for (const open of page.partial) parts.push(plainText(open.text));
      return { text: parts.join('\n'), lines: fromLine };
    }
  }
}
