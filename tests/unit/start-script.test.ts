import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** scripts/start-plan.js is plain JavaScript (npm start runs before any build): its shape, declared here. */
interface StartPlan {
  headlessReason: (options: {
    platform: NodeJS.Platform;
    env: Readonly<Record<string, string | undefined>>;
    electronBinary: () => string | null;
  }) => string | null;
  describeChildExit: (
    what: string,
    code: number | null,
    signal: NodeJS.Signals | null,
  ) => { message: string | null; exitCode: number };
}
const planModule = new URL('../../scripts/start-plan.js', import.meta.url).href;
const { describeChildExit, headlessReason } = (await import(planModule)) as StartPlan;

describe('npm start', () => {
  it('checks for a display before fetching Electron (finding 10)', () => {
    let fetched = 0;
    const electronBinary = (): string | null => {
      fetched++;
      return '/opt/electron';
    };
    expect(headlessReason({ platform: 'linux', env: {}, electronBinary })).toBe(
      'There is no display on this machine',
    );
    expect(fetched).toBe(0);
    expect(headlessReason({ platform: 'linux', env: { DISPLAY: ':0' }, electronBinary })).toBeNull();
    expect(fetched).toBe(1);
    expect(
      headlessReason({ platform: 'linux', env: { WAYLAND_DISPLAY: 'w' }, electronBinary: () => null }),
    ).toMatch(/Electron's binary is not installed/);
  });

  it('says so and fails when the host is killed (finding 10)', async () => {
    // A real child killed with SIGKILL, as the kernel's OOM killer would.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => resolve([code, signal])),
    );
    child.kill('SIGKILL');
    const [code, signal] = await ended;
    const end = describeChildExit('The DPGui headless host', code, signal);
    expect(end.message).toMatch(/^The DPGui headless host was ended by SIGKILL/);
    expect(end.exitCode).toBe(137);
    expect(describeChildExit('The DPGui headless host', 0, null)).toEqual({ message: null, exitCode: 0 });
    expect(describeChildExit('The DPGui headless host', 1, null)).toEqual({ message: null, exitCode: 1 });
  });
});
