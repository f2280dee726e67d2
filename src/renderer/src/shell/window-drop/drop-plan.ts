/**
 * What the window does with a drop no view handled: folders become datasets where the host gives
 * their paths; in a browser (no paths) it says to type or paste the path in Datasets; loose files
 * that no view takes are named, so the drop is never silently ignored.
 */

export interface DroppedItem {
  name: string;
  /** A folder (the browser's webkitGetAsEntry says so); false for a file or when unknown. */
  folder: boolean;
  path: string | null;
}

export type DropPlan =
  | { kind: 'register'; paths: string[] }
  | { kind: 'typePath'; names: string[] }
  | { kind: 'notUsed'; names: string[] }
  | { kind: 'nothing' };

export function planDrop(items: readonly DroppedItem[], droppedFilePaths: boolean): DropPlan {
  const folders = items.filter((item) => item.folder);
  if (folders.length > 0) {
    const paths = folders.flatMap((item) => (item.path === null ? [] : [item.path]));
    if (droppedFilePaths && paths.length > 0) return { kind: 'register', paths };
    return { kind: 'typePath', names: folders.map((item) => item.name) };
  }
  if (items.length === 0) return { kind: 'nothing' };
  return { kind: 'notUsed', names: items.map((item) => item.name) };
}

/** "a.toml", "a.toml and b.json", "a.toml, b.json and 3 more" */
export function namesText(names: readonly string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  if (quoted.length <= 1) return quoted[0] ?? '';
  if (quoted.length <= 3) return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
  return `${quoted.slice(0, 2).join(', ')} and ${quoted.length - 2} more`;
}

/** The notification for a plan that registers nothing (null for `register` and `nothing`). */
export function dropNotice(plan: DropPlan): { title: string; message: string } | null {
  switch (plan.kind) {
    case 'typePath':
      return {
        title: 'This browser cannot tell DPGui where a dropped folder is',
        message: `A browser gives a page no folder paths, so ${namesText(plan.names)} cannot be used from a drop. Open Datasets and type or paste the folder's path (its path on the machine running DPGui) under “Add a folder”.`,
      };
    case 'notUsed':
      return {
        title: 'Nothing here takes these files',
        message: `${namesText(plan.names)} ${plan.names.length === 1 ? 'was' : 'were'} dropped where no view uses files. Drop a dataset folder anywhere to add it, or a config file (.toml or .json) on the Editor to import it.`,
      };
    default:
      return null;
  }
}
