/**
 * The outputs of the unfinished jobs, by folder, for the same-output check at enqueue: a tree of path
 * segments, so that a check looks at its own folder, the folders above it and (through counts kept per
 * subtree) the ones below it, never at every job. Two outputs clash as the validator says: the same
 * folder and name, or one folder inside the other (or the same) when either has no name. Paths are
 * compared as written (backslashes as slashes, trailing slashes ignored), no links resolved.
 */

/** Where a job writes: a folder, and the name it saves under there (absent: the whole folder). */
export interface JobOutput {
  dir: string;
  name?: string;
}

/** An output of an unfinished job that clashes with the one asked about. */
export interface IndexedOutput extends JobOutput {
  jobId: string;
  jobName: string;
  status: string;
}

interface JobEntry {
  name: string;
  status: string;
  outputs: readonly { node: Node; output: JobOutput }[];
}

interface Node {
  parent: Node | null;
  segment: string;
  children: Map<string, Node>;
  /** name → ids of the jobs saving under it here. */
  named: Map<string, Map<string, number>>;
  /** Ids of the jobs that write this whole folder (with how many outputs each). */
  unnamed: Map<string, number>;
  /** Ids of every job with an output here. */
  any: Map<string, number>;
  /** Outputs here and below. */
  below: number;
  unnamedBelow: number;
}

const newNode = (parent: Node | null, segment: string): Node => ({
  parent,
  segment,
  children: new Map(),
  named: new Map(),
  unnamed: new Map(),
  any: new Map(),
  below: 0,
  unnamedBelow: 0,
});

/** The folder's segments, normalised as the validator's path checks do. */
export function pathSegments(dir: string): string[] {
  const trimmed = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  return trimmed === '' ? [''] : trimmed.split('/');
}

const bump = (counts: Map<string, number>, id: string, delta: number): void => {
  const next = (counts.get(id) ?? 0) + delta;
  if (next > 0) counts.set(id, next);
  else counts.delete(id);
};

const firstOther = (
  ids: ReadonlyMap<string, number> | undefined,
  except: string | undefined,
): string | null => {
  if (!ids) return null;
  for (const id of ids.keys()) if (id !== except) return id;
  return null;
};

export interface OutputIndex {
  /** Adds an unfinished job, or updates its name and status (its outputs never change: configs are fixed). */
  put(job: { id: string; name: string; status: string }, outputs: () => readonly JobOutput[]): void;
  remove(id: string): void;
  has(id: string): boolean;
  /** The outputs of other jobs that clash with these, at most one per output asked about. */
  clashes(outputs: readonly JobOutput[], exceptJobId?: string): IndexedOutput[];
  /** Every indexed output (tests). */
  all(): IndexedOutput[];
}

export function createOutputIndex(): OutputIndex {
  const root = newNode(null, '');
  const jobs = new Map<string, JobEntry>();

  const nodeFor = (dir: string, create: boolean): Node | null => {
    let node = root;
    for (const segment of pathSegments(dir)) {
      let child = node.children.get(segment);
      if (!child) {
        if (!create) return null;
        child = newNode(node, segment);
        node.children.set(segment, child);
      }
      node = child;
    }
    return node;
  };

  const count = (node: Node, id: string, output: JobOutput, delta: 1 | -1): void => {
    bump(node.any, id, delta);
    if (output.name === undefined) bump(node.unnamed, id, delta);
    else {
      const ids = node.named.get(output.name) ?? new Map<string, number>();
      bump(ids, id, delta);
      if (ids.size > 0) node.named.set(output.name, ids);
      else node.named.delete(output.name);
    }
    for (let at: Node | null = node; at; at = at.parent) {
      at.below += delta;
      if (output.name === undefined) at.unnamedBelow += delta;
    }
    // Folders nobody writes any more are dropped, so the tree stays the size of the live outputs.
    for (let at: Node = node; at.parent && at.below === 0; at = at.parent) {
      at.parent.children.delete(at.segment);
    }
  };

  const found = (id: string, node: Node, name: string | undefined): IndexedOutput => {
    const job = jobs.get(id);
    // Exactly the output that clashes (the validator checks it again).
    const output = job?.outputs.find((o) => o.node === node && o.output.name === name)?.output;
    return {
      jobId: id,
      jobName: job?.name ?? id,
      status: job?.status ?? '',
      dir: output?.dir ?? '',
      ...(output?.name === undefined ? {} : { name: output.name }),
    };
  };

  /** A job other than `except` with an output below `node` (unnamed ones only, if asked). */
  const below = (node: Node, unnamedOnly: boolean, except: string | undefined): IndexedOutput | null => {
    for (const child of node.children.values()) {
      if ((unnamedOnly ? child.unnamedBelow : child.below) === 0) continue;
      const here = firstOther(unnamedOnly ? child.unnamed : child.any, except);
      if (here !== null) return found(here, child, unnamedOnly ? undefined : firstName(child, here));
      const deeper = below(child, unnamedOnly, except);
      if (deeper) return deeper;
    }
    return null;
  };

  const firstName = (node: Node, id: string): string | undefined => {
    if (node.unnamed.has(id)) return undefined;
    for (const [name, ids] of node.named) if (ids.has(id)) return name;
    return undefined;
  };

  const clash = (output: JobOutput, except: string | undefined): IndexedOutput | null => {
    const segments = pathSegments(output.dir);
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      const child = node.children.get(segments[i] ?? '');
      // Nothing is written at or below this folder.
      if (!child) return null;
      node = child;
      if (i === segments.length - 1) break;
      // A folder above: a job writing all of it clashes with any output; an output without a name
      // clashes with any output there.
      const id = firstOther(output.name === undefined ? node.any : node.unnamed, except);
      if (id !== null) return found(id, node, firstName(node, id));
    }
    if (output.name === undefined) {
      const id = firstOther(node.any, except);
      if (id !== null) return found(id, node, firstName(node, id));
    } else {
      const sameName = firstOther(node.named.get(output.name), except);
      if (sameName !== null) return found(sameName, node, output.name);
      const whole = firstOther(node.unnamed, except);
      if (whole !== null) return found(whole, node, undefined);
    }
    return below(node, output.name !== undefined, except);
  };

  return {
    put(job, outputs) {
      const entry = jobs.get(job.id);
      if (entry) {
        entry.name = job.name;
        entry.status = job.status;
        return;
      }
      const placed = outputs().map((output) => ({ node: nodeFor(output.dir, true) as Node, output }));
      jobs.set(job.id, { name: job.name, status: job.status, outputs: placed });
      for (const { node, output } of placed) count(node, job.id, output, 1);
    },
    remove(id) {
      const entry = jobs.get(id);
      if (!entry) return;
      jobs.delete(id);
      for (const { node, output } of entry.outputs) count(node, id, output, -1);
    },
    has: (id) => jobs.has(id),
    clashes(outputs, exceptJobId) {
      return outputs.flatMap((output) => clash(output, exceptJobId) ?? []);
    },
    all() {
      return [...jobs].flatMap(([id, job]) =>
        job.outputs.map(({ output }) => ({
          jobId: id,
          jobName: job.name,
          status: job.status,
          ...output,
        })),
      );
    },
  };
}
