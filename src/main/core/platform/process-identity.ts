/**
 * Who a process is, beyond its pid: pids are reused, so a recorded process is the same one only if its
 * start time (and the boot it ran in) match too. The platform-specific reading lives behind this small
 * interface; Linux is built now, other platforms fall back to "the pid exists".
 */
import { readFileSync } from 'node:fs';
import { platform } from 'node:os';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (Linux /proc/<pid>/stat field 22); null where unknown. */
  startTime: string | null;
  /** /proc/sys/kernel/random/boot_id; null where unknown. */
  bootId: string | null;
}

export interface ProcessTable {
  /** The identity of a running (non-zombie) process, or null if there is none with this pid. */
  identify(pid: number): ProcessIdentity | null;
  self(): ProcessIdentity;
  /** True only if the recorded process is still running: same pid, start time and boot. */
  isAlive(recorded: ProcessIdentity): boolean;
}

export interface ProcStat {
  state: string;
  startTime: string;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | null {
  const end = text.lastIndexOf(')');
  if (end < 0) return null;
  const fields = text
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTime = fields[19];
  if (!state || !startTime || !/^\d+$/.test(startTime)) return null;
  return { state, startTime };
}

export function sameProcess(recorded: ProcessIdentity, current: ProcessIdentity | null): boolean {
  if (!current || current.pid !== recorded.pid) return false;
  if (recorded.bootId !== null && current.bootId !== null && recorded.bootId !== current.bootId) return false;
  if (recorded.startTime !== null && current.startTime !== recorded.startTime) return false;
  return true;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function createLinuxProcessTable(): ProcessTable {
  const bootId = readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
  const identify = (pid: number): ProcessIdentity | null => {
    const text = readOrNull(`/proc/${pid}/stat`);
    const stat = text === null ? null : parseProcStat(text);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
    return { pid, startTime: stat.startTime, bootId };
  };
  return {
    identify,
    self: () => identify(process.pid) ?? { pid: process.pid, startTime: null, bootId },
    isAlive: (recorded) => sameProcess(recorded, identify(recorded.pid)),
  };
}

function createSignalProbeTable(): ProcessTable {
  const identify = (pid: number): ProcessIdentity | null => {
    try {
      process.kill(pid, 0);
      return { pid, startTime: null, bootId: null };
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM'
        ? { pid, startTime: null, bootId: null }
        : null;
    }
  };
  return {
    identify,
    self: () => ({ pid: process.pid, startTime: null, bootId: null }),
    isAlive: (recorded) => identify(recorded.pid) !== null,
  };
}

export function createProcessTable(): ProcessTable {
  return platform() === 'linux' ? createLinuxProcessTable() : createSignalProbeTable();
}
