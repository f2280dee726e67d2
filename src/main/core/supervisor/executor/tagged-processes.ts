/**
 * Every live process whose environment carries `DPGUI_JOB_ID=<id>`: the trainer's whole tree, even
 * the parts that left its process group or session (setsid) or lost their parent. Linux reads
 * /proc/<pid>/environ; a process we may not read is not ours to signal anyway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessIdentity, ProcessTable } from '../../platform/process-identity';

/** Whether a NUL-separated environment block holds exactly this variable. */
export function environHasTag(environ: Buffer, tag: string): boolean {
  const needle = Buffer.from(`${tag}\0`);
  let at = environ.indexOf(needle);
  while (at >= 0) {
    if (at === 0 || environ[at - 1] === 0) return true;
    at = environ.indexOf(needle, at + 1);
  }
  // The last variable may lack its NUL.
  const last = Buffer.from(tag);
  return (
    environ.length >= last.length &&
    environ.subarray(environ.length - last.length).equals(last) &&
    (environ.length === last.length || environ[environ.length - last.length - 1] === 0)
  );
}

export function findTaggedProcesses(jobId: string, processes: ProcessTable): ProcessIdentity[] {
  if (process.platform !== 'linux') return [];
  const tag = `DPGUI_JOB_ID=${jobId}`;
  const found: ProcessIdentity[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue;
    }
    if (!environHasTag(environ, tag)) continue;
    const identity = processes.identify(pid);
    if (identity) found.push(identity);
  }
  return found;
}

/**
 * Whether a pid nvidia-smi showed is one of DPGui's trainers (any job's tag), or already gone: either
 * way not a stranger that should keep jobs off its GPU.
 */
export function isOursOrGone(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
  const tag = Buffer.from('DPGUI_JOB_ID=');
  let at = environ.indexOf(tag);
  while (at >= 0) {
    if (at === 0 || environ[at - 1] === 0) return true;
    at = environ.indexOf(tag, at + 1);
  }
  return false;
}
