import { describe, expect, it } from 'vitest';
import { ansiSegments, paletteColour, plainText } from './ansi-segments';

const esc = '\u001b';

describe("a log line's colours", () => {
  it('keeps plain text as one segment', () => {
    expect(ansiSegments('epoch 1/10')).toEqual([{ text: 'epoch 1/10' }]);
  });

  it("draws the basic colours with the theme's variables, and bold, underline and the rest", () => {
    expect(ansiSegments(`${esc}[31mError${esc}[0m: ${esc}[1;4;92mok${esc}[0m`)).toEqual([
      { text: 'Error', fg: 'var(--log-ansi-red)' },
      { text: ': ' },
      { text: 'ok', fg: 'var(--log-ansi-bright-green)', bold: true, underline: true },
    ]);
  });

  it('draws 256-colour and 24-bit colours as asked, and swaps them for reverse video', () => {
    expect(ansiSegments(`${esc}[38;5;208mwarn`)).toEqual([{ text: 'warn', fg: 'rgb(255, 135, 0)' }]);
    expect(ansiSegments(`${esc}[48;2;10;20;30mbar`)).toEqual([{ text: 'bar', bg: 'rgb(10, 20, 30)' }]);
    expect(ansiSegments(`${esc}[7;34mrev`)).toEqual([
      { text: 'rev', fg: 'var(--log-ansi-black)', bg: 'var(--log-ansi-blue)' },
    ]);
    expect(paletteColour(1)).toBe('var(--log-ansi-red)');
    expect(paletteColour(9)).toBe('var(--log-ansi-bright-red)');
    expect(paletteColour(232)).toBe('rgb(8, 8, 8)');
  });

  it('keeps markup a trainer printed as text', () => {
    expect(ansiSegments(`${esc}[32m<img src=x onerror=alert(1)>`)).toEqual([
      { text: '<img src=x onerror=alert(1)>', fg: 'var(--log-ansi-green)' },
    ]);
  });

  it('copies lines without their colour codes', () => {
    expect(plainText(`${esc}[31mError${esc}[0m: disk full`)).toBe('Error: disk full');
    expect(plainText('plain')).toBe('plain');
  });
});
