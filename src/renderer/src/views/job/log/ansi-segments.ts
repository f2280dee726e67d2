/**
 * A log line's ANSI colour codes as styled segments (anser parses; React renders the text as text, so
 * nothing a trainer prints is ever read as HTML). The 16 basic colours are CSS variables the panel's
 * stylesheet sets per colour scheme, so they stay readable in light and dark; the 256-colour palette
 * and 24-bit colours are drawn as the trainer asked.
 */
import Anser, { type AnserJsonEntry } from 'anser';

export interface AnsiSegment {
  text: string;
  /** CSS colours; absent: the log's own. */
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
}

const basicNames = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** A colour of the xterm 256-colour palette (0–15 are the theme's basic colours). */
export function paletteColour(index: number): string {
  if (index < 8) return `var(--log-ansi-${basicNames[index]})`;
  if (index < 16) return `var(--log-ansi-bright-${basicNames[index - 8]})`;
  if (index < 232) {
    const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
    const i = index - 16;
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const grey = 8 + (index - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

function colour(name: string | null, truecolour: string | null): string | undefined {
  if (!name) return undefined;
  if (name === 'ansi-truecolor') return truecolour ? `rgb(${truecolour})` : undefined;
  const palette = /^ansi-palette-(\d+)$/.exec(name);
  if (palette) return paletteColour(Number(palette[1]));
  return `var(--log-${name})`;
}

function segmentOf(entry: AnserJsonEntry): AnsiSegment {
  const has = (decoration: string) => entry.decorations.includes(decoration as never);
  // anser has already swapped the colours of reverse video.
  let fg = colour(entry.fg, entry.fg_truecolor);
  const bg = colour(entry.bg, entry.bg_truecolor);
  if (has('hidden')) fg = 'transparent';
  const segment: AnsiSegment = { text: entry.content };
  if (fg) segment.fg = fg;
  if (bg) segment.bg = bg;
  if (has('bold')) segment.bold = true;
  if (has('dim')) segment.dim = true;
  if (has('italic')) segment.italic = true;
  if (has('underline')) segment.underline = true;
  if (has('strikethrough')) segment.strike = true;
  return segment;
}

const parsed = new Map<string, AnsiSegment[]>();
const parsedLimit = 2000;

/** The line's segments; plain text (most lines) is one segment without parsing. */
export function ansiSegments(text: string): AnsiSegment[] {
  if (!text.includes('\u001b')) return [{ text }];
  const known = parsed.get(text);
  if (known) return known;
  const segments = Anser.ansiToJson(text, { use_classes: true, remove_empty: true }).map(segmentOf);
  // Progress bars repeat the same coloured text: a small cache spares parsing it on every paint.
  if (parsed.size >= parsedLimit) parsed.clear();
  parsed.set(text, segments);
  return segments;
}

/** The line as a person reads it: the colour codes removed (what "Copy log" copies). */
export function plainText(text: string): string {
  return text.includes('\u001b') ? Anser.ansiToText(text) : text;
}
