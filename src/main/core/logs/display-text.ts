/**
 * What a terminal shows of one line that needed no cursor movement: what follows its last `\r` (the
 * display log passes on only redraws whose last segment covers the rest), without the control
 * characters a terminal drops (all but tab; `\b` and escapes never reach here), trailing whitespace
 * cut. The display log keeps such lines as the trainer wrote them (often only as a range of the raw
 * stream) and applies this when they are read, so ingest never touches their characters one by one.
 */

// C0 controls a line can still hold here, and DEL; tab is text.
// eslint-disable-next-line no-control-regex
const droppedControls = /[\x00-\x08\x0a-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const anyDroppedControl = /[\x00-\x08\x0a-\x1f\x7f]/;

export function displayText(line: string): string {
  const raw = line.slice(line.lastIndexOf('\r') + 1);
  const text = anyDroppedControl.test(raw) ? raw.replace(droppedControls, '') : raw;
  return text.trimEnd();
}
