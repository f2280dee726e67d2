/**
 * What a process says about itself beyond its pid: the DPGui job it belongs to (the `DPGUI_JOB_ID`
 * tag every process of a job's tree inherits, ranks and data-loader workers included, even those that
 * left its process group) and its command line. Linux reads /proc/<pid>/environ and cmdline; elsewhere
 * nothing is known, and every process reads as a stranger without a command.
 */
import { readFileSync } from 'node:fs';
import { platform } from 'node:os';

export const jobTagName = 'DPGUI_JOB_ID';

export interface ProcessTags {
  /** The job id a process is tagged with; null when it has none, is gone, or may not be read. */
  jobOf(pid: number): string | null;
  /** Its command line, arguments joined by spaces; null when it is gone or may not be read. */
  commandOf(pid: number): string | null;
}

/** The value of DPGUI_JOB_ID in a NUL-separated environment block; null when it has none. */
export function jobTagIn(environ: Buffer): string | null {
  const needle = Buffer.from(`${jobTagName}=`);
  for (let at = environ.indexOf(needle); at >= 0; at = environ.indexOf(needle, at + 1)) {
    // Only at the start of a variable (not inside another's value).
    if (at !== 0 && environ[at - 1] !== 0) continue;
    const start = at + needle.length;
    const end = environ.indexOf(0, start);
    const value = environ.toString('utf8', start, end < 0 ? environ.length : end);
    return value === '' ? null : value;
  }
  return null;
}

/** A /proc cmdline (arguments separated and ended by NUL) as one line. */
export function commandLineOf(cmdline: Buffer): string | null {
  const text = cmdline.toString('utf8').replace(/\0+$/, '').split('\0').join(' ');
  return text === '' ? null : text;
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function createLinuxProcessTags(): ProcessTags {
  return {
    jobOf: (pid) => {
      const environ = readOrNull(`/proc/${pid}/environ`);
      return environ === null ? null : jobTagIn(environ);
    },
    commandOf: (pid) => {
      const cmdline = readOrNull(`/proc/${pid}/cmdline`);
      return cmdline === null ? null : commandLineOf(cmdline);
    },
  };
}

const unknownProcessTags: ProcessTags = { jobOf: () => null, commandOf: () => null };

export function createProcessTags(): ProcessTags {
  return platform() === 'linux' ? createLinuxProcessTags() : unknownProcessTags;
}
