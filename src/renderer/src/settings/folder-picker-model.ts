/** The folder picker's pure parts: the breadcrumbs of a path, and the keyboard's next selection. */

export interface Crumb {
  label: string;
  path: string;
}

/** "/home/ada/sd" → /, home, ada, sd (each with its own path); Windows drives keep their letter. */
export function breadcrumbs(path: string): Crumb[] {
  const windows = /^[A-Za-z]:[\\/]/.test(path);
  const sep = windows ? '\\' : '/';
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  if (windows) {
    const [drive = '', ...rest] = parts;
    const root = `${drive}\\`;
    return [
      { label: root, path: root },
      ...rest.map((label, i) => ({ label, path: root + rest.slice(0, i + 1).join(sep) })),
    ];
  }
  return [
    { label: '/', path: '/' },
    ...parts.map((label, i) => ({ label, path: `/${parts.slice(0, i + 1).join('/')}` })),
  ];
}

export type PickerKey = 'ArrowDown' | 'ArrowUp' | 'Home' | 'End';

/** The selected row after a key, within 0..count-1 (-1 when the folder is empty). */
export function moveSelection(current: number, key: PickerKey, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
  }
}
