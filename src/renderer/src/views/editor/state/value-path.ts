/**
 * Immutable edits of a config's `values` by dotted path ("network_dim", "subsets.0.image_dir"), the
 * paths the schema rules, configs.validate (after its "values." prefix) and the writers use.
 */
import { readPath } from '../../../../../shared/trainers/common/rules';

export { readPath };

type Container = Record<string, unknown> | unknown[];

const isIndex = (part: string): boolean => /^\d+$/.test(part);

function copyOf(node: unknown, nextPart: string): Container {
  if (Array.isArray(node)) return [...(node as unknown[])];
  if (typeof node === 'object' && node !== null) return { ...(node as Record<string, unknown>) };
  return isIndex(nextPart) ? [] : {};
}

/**
 * A path from the config's root, as configs.validate and configs.import answer it ("values.network_dim",
 * "family"), as the form's path inside `values` ("network_dim"); a path outside `values` stays.
 */
export function valuesPathOf(rootPath: string): string {
  return rootPath.startsWith('values.') ? rootPath.slice('values.'.length) : rootPath;
}

/** `root` with the value at `path` replaced (objects and lists on the way are copied, not changed). */
export function writePath<T>(root: T, path: string, value: unknown): T {
  const parts = path.split('.').filter((part) => part !== '');
  if (parts.length === 0) return value as T;
  const top = copyOf(root, parts[0] ?? '');
  let node: Container = top;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const record = node as Record<string, unknown>;
    if (last) {
      record[part] = value;
      return;
    }
    const next = copyOf(record[part], parts[index + 1] ?? '');
    record[part] = next;
    node = next;
  });
  return top as T;
}

/** `root` without the key at `path` (a list item is removed, later items move up). */
export function removePath<T>(root: T, path: string): T {
  const parts = path.split('.').filter((part) => part !== '');
  const key = parts.pop();
  if (key === undefined) return root;
  const parentPath = parts.join('.');
  const parent = parentPath === '' ? root : readPath(root, parentPath);
  if (Array.isArray(parent)) {
    if (!isIndex(key)) return root;
    return writePath(
      root,
      parentPath,
      parent.filter((_, index) => index !== Number(key)),
    );
  }
  if (typeof parent !== 'object' || parent === null || !(key in parent)) return root;
  const rest = Object.fromEntries(Object.entries(parent).filter(([name]) => name !== key));
  return parentPath === '' ? (rest as T) : writePath(root, parentPath, rest);
}

/** Whether two JSON values are equal (the form compares a value with its default this way). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameJson(left[key], right[key])) return false;
  return true;
}
