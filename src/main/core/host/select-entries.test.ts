import { describe, expect, it } from 'vitest';
import { selectEntries, type NamedEntry } from './select-entries';

const names = (entries: readonly NamedEntry[]): string[] => entries.map((e) => e.name);
const folder = (name: string): NamedEntry => ({ name, kind: 'folder' });
const file = (name: string): NamedEntry => ({ name, kind: 'file' });

describe('the entries a folder listing answers', () => {
  const all = [
    file('b.safetensors'),
    folder('models'),
    file('img10.png'),
    file('.env'),
    folder('.cache'),
    file('img2.png'),
    folder('Apps'),
  ];

  it('puts folders first, then files, each in natural order, without hidden names', () => {
    expect(names(selectEntries(all, undefined, 100).entries)).toEqual([
      'Apps',
      'models',
      'b.safetensors',
      'img2.png',
      'img10.png',
    ]);
  });

  it('shows hidden names when asked', () => {
    expect(names(selectEntries(all, { showHidden: true }, 100).entries)).toEqual([
      '.cache',
      'Apps',
      'models',
      '.env',
      'b.safetensors',
      'img2.png',
      'img10.png',
    ]);
  });

  it('filters files by extension in any case and with or without the dot, keeping folders to walk into', () => {
    const chosen = selectEntries(
      [...all, file('C.SafeTensors'), file('safetensors')],
      { extensions: ['.safetensors'] },
      100,
    );
    expect(names(chosen.entries)).toEqual(['Apps', 'models', 'b.safetensors', 'C.SafeTensors']);
    expect(names(selectEntries(all, { extensions: ['PNG'] }, 100).entries)).toEqual([
      'Apps',
      'models',
      'img2.png',
      'img10.png',
    ]);
  });

  it('keeps only the kinds asked for', () => {
    expect(names(selectEntries(all, { kinds: ['folder'] }, 100).entries)).toEqual(['Apps', 'models']);
    expect(names(selectEntries(all, { kinds: ['file'], extensions: ['png'] }, 100).entries)).toEqual([
      'img2.png',
      'img10.png',
    ]);
  });

  it('answers at most the limit, and says when more matched', () => {
    expect(selectEntries(all, undefined, 2)).toEqual({
      entries: [folder('Apps'), folder('models')],
      truncated: true,
    });
    expect(selectEntries(all, undefined, 5).truncated).toBe(false);
  });
});
