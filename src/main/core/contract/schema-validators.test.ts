import { describe, expect, it } from 'vitest';
import { pointerToPath, summarizeDetails } from './schema-validators';

describe('schema error wording', () => {
  it('turns JSON pointers into dotted field paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/jobs/0/name')).toBe('jobs.0.name');
    expect(pointerToPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });

  it('summarises details as one sentence naming each field', () => {
    expect(
      summarizeDetails([
        { path: 'colorScheme', message: 'is required' },
        { path: '', message: 'must be of type object' },
      ]),
    ).toBe('colorScheme is required; the payload must be of type object');
  });
});
