/** What is left of a process group, read from /proc (Linux): the check that a stop ended a whole tree. */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids in a process group that are alive (zombies waiting for init do not count). */
export const liveMembersOf = (group: number): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === group && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
