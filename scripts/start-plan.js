// The decisions of `npm start`, kept apart from its side effects so they are tested with plain values.

/**
 * Why DPGui must start its headless host instead of the desktop app, or null. The display is checked
 * first: where there is none, Electron's binary (a download on first use) is never fetched.
 */
export function headlessReason({ platform, env, electronBinary }) {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'There is no display on this machine';
  }
  if (!electronBinary()) return "Electron's binary is not installed and could not be downloaded here";
  return null;
}

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };

/**
 * How `npm start` ends when its child ends: the child's own code, or, when a signal ended it, a line
 * saying so and the shell's 128 + signal number (never 0: the app did not stop by itself).
 */
export function describeChildExit(what, code, signal) {
  if (signal) {
    return {
      message: `${what} was ended by ${signal}${signal === 'SIGKILL' ? ' (killed: out of memory, or by another program)' : ''}.`,
      exitCode: 128 + (signalNumbers[signal] ?? 0),
    };
  }
  return { message: null, exitCode: code ?? 0 };
}
