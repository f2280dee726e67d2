import { describe, expect, it } from 'vitest';
import { dropNotice, namesText, planDrop } from './drop-plan';
import { createDropHandlers } from './drop-handlers';

describe('planDrop', () => {
  it('registers dropped folders where the host gives their paths', () => {
    expect(
      planDrop(
        [
          { name: 'cats', folder: true, path: '/data/cats' },
          { name: 'notes.txt', folder: false, path: '/data/notes.txt' },
        ],
        true,
      ),
    ).toEqual({ kind: 'register', paths: ['/data/cats'] });
  });

  it('says to type the path in a browser, where a folder has none', () => {
    const plan = planDrop([{ name: 'cats', folder: true, path: null }], false);
    expect(plan).toEqual({ kind: 'typePath', names: ['cats'] });
    expect(dropNotice(plan)?.message).toContain('type or paste the folder');
    expect(dropNotice(plan)?.message).toContain('“cats”');
  });

  it('names loose files no view took', () => {
    const plan = planDrop([{ name: 'a.png', folder: false, path: null }], false);
    expect(dropNotice(plan)?.message).toMatch(/^“a.png” was dropped/);
    expect(planDrop([], true)).toEqual({ kind: 'nothing' });
  });

  it('lists names readably', () => {
    expect(namesText(['a', 'b'])).toBe('“a” and “b”');
    expect(namesText(['a', 'b', 'c', 'd', 'e'])).toBe('“a”, “b” and 3 more');
  });
});

describe('drop handlers', () => {
  it('asks the newest handler first and stops at the first that handles it', () => {
    const handlers = createDropHandlers();
    const asked: string[] = [];
    handlers.add(() => {
      asked.push('old');
      return true;
    });
    const removeNew = handlers.add(() => {
      asked.push('new');
      return false;
    });
    expect(handlers.dispatch([], [])).toBe(true);
    expect(asked).toEqual(['new', 'old']);
    removeNew();
    asked.length = 0;
    handlers.dispatch([], []);
    expect(asked).toEqual(['old']);
  });

  it('handles nothing without handlers', () => {
    expect(createDropHandlers().dispatch([], [])).toBe(false);
  });
});
