/**
 * The one shape of a pass-through key, for every trainer. `config.passThrough` maps such keys to
 * values the app does not know, confirmed by the user on import; the writers add each verbatim at
 * its place.
 *
 * A key is `<file>.<path inside that file>`: `config.` for the main config file, `dataset.` for the
 * dataset file, then the dotted path of the key in that file's TOML, an item of an array of tables
 * by its index:
 *   diffusion-pipe  `config.pseudo_huber_c`, `config.optimizer.d_coef`, `dataset.directory.0.mask_path`
 *   sd-scripts      `config.my_option`, `dataset.general.alpha_mask`, `dataset.datasets.0.subsets.1.x`
 * Import answers each unknown key's pass-through key (`UnknownKey.passThroughKey`), so confirming a
 * key is copying it: `passThrough[passThroughKey] = value`. A key with another first part is a
 * top-level key of the main config, whole (what sd-scripts' pass-through held before this shape).
 * A confirmed key wins over a value the form writes at the same place (the user chose it); a key
 * whose place does not exist (an image folder since removed) is not written.
 */
import { typedBySchema, type TomlTable, type TomlValue } from './toml-emitter';

export type PassThroughFile = 'config' | 'dataset';

export interface PassThroughPlace {
  file: PassThroughFile;
  /** Keys (and array indexes, as text) from the file's root. */
  path: string[];
}

export function passThroughPlace(key: string): PassThroughPlace {
  const [head, ...rest] = key.split('.');
  if ((head === 'config' || head === 'dataset') && rest.length > 0 && !rest.includes(''))
    return { file: head, path: rest };
  return { file: 'config', path: [key] };
}

export function passThroughKeyOf(file: PassThroughFile, path: readonly (string | number)[]): string {
  return [file, ...path.map(String)].join('.');
}

function isTableValue(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && !Array.isArray(value) && !('toml' in value);
}

/** Puts `value` at `path` in `root`, making tables on the way; arrays of tables are only walked through. */
function setAtPath(root: TomlTable, path: readonly string[], value: TomlValue): void {
  let node: TomlTable = root;
  let at = 0;
  while (at < path.length - 1) {
    const part = path[at] ?? '';
    const next: TomlValue | undefined = node[part];
    if (next === undefined) {
      const created: TomlTable = {};
      node[part] = created;
      node = created;
      at += 1;
    } else if (isTableValue(next)) {
      node = next;
      at += 1;
    } else if (Array.isArray(next)) {
      // The next part is an index: it must name an existing table, and a key must follow it.
      const index = path[at + 1] ?? '';
      const item = /^\d+$/.test(index) ? next[Number(index)] : undefined;
      if (at + 1 >= path.length - 1 || !isTableValue(item)) return;
      node = item;
      at += 2;
    } else {
      return;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

/** Adds the confirmed pass-through keys of `file` to its root table. */
export function addPassThrough(
  root: TomlTable,
  passThrough: Record<string, unknown> | undefined,
  file: PassThroughFile,
): void {
  for (const [key, value] of Object.entries(passThrough ?? {})) {
    const place = passThroughPlace(key);
    const typed = typedBySchema(value, undefined);
    if (place.file === file && typed !== undefined) setAtPath(root, place.path, typed);
  }
}

/** What confirming every listed key gives: the `passThrough` of the imported config. */
export function confirmAll(
  unknownKeys: readonly { passThroughKey?: string; value: unknown }[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of unknownKeys) if (key.passThroughKey) out[key.passThroughKey] = key.value;
  return out;
}
