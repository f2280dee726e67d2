// How `npm start` runs the app: one child on the terminal, ended the way the user ends `npm start`.
import { spawn } from 'node:child_process';
import { describeChildExit } from './start-plan.js';

/**
 * Runs the child in this process group (so Ctrl-C on the terminal reaches it directly) and forwards each
 * signal kind at most once: a SIGINT sent to this script alone (npm forwards its own) must still reach
 * the child, but the child already got the terminal's, and a repeat must not hurry its shutdown.
 * Exits with the child's code once it ends.
 */
export function runChild(what, command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    let forwarded = false;
    process.on(signal, () => {
      if (forwarded) return;
      forwarded = true;
      child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    const end = describeChildExit(what, code, signal);
    if (end.message) console.error(end.message);
    process.exit(end.exitCode);
  });
  return child;
}
