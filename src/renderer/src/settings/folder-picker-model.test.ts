import { describe, expect, it } from 'vitest';
import { breadcrumbs, moveSelection } from './folder-picker-model';

describe('folder picker model', () => {
  it('splits a path into breadcrumbs, each opening its own folder', () => {
    expect(breadcrumbs('/home/ada/sd-scripts')).toEqual([
      { label: '/', path: '/' },
      { label: 'home', path: '/home' },
      { label: 'ada', path: '/home/ada' },
      { label: 'sd-scripts', path: '/home/ada/sd-scripts' },
    ]);
    expect(breadcrumbs('/')).toEqual([{ label: '/', path: '/' }]);
    expect(breadcrumbs('C:\\Users\\ada')).toEqual([
      { label: 'C:\\', path: 'C:\\' },
      { label: 'Users', path: 'C:\\Users' },
      { label: 'ada', path: 'C:\\Users\\ada' },
    ]);
  });

  it('moves the selection with the arrow keys, Home and End, staying inside the list', () => {
    expect(moveSelection(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveSelection(2, 'ArrowDown', 3)).toBe(2);
    expect(moveSelection(0, 'ArrowUp', 3)).toBe(0);
    expect(moveSelection(1, 'End', 3)).toBe(2);
    expect(moveSelection(2, 'Home', 3)).toBe(0);
    expect(moveSelection(0, 'ArrowDown', 0)).toBe(-1);
  });
});
