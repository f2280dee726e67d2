/** `~` and `~/x` as the user means them (the host's home); any other path is left as it is. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}${home.endsWith('/') ? '' : '/'}${path.slice(2)}`;
  return path;
}
