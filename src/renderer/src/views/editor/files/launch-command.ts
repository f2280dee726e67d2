/** The launch as one line a user could read or paste: the script, then its arguments, quoted where needed. */
import type { LaunchFacts } from '../../../../../shared/contract/configs';

function quote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'"'"'`)}'`;
}

export function launchCommand(launch: Pick<LaunchFacts, 'script' | 'args'>): string {
  return [...(launch.script === undefined ? [] : [launch.script]), ...launch.args].map(quote).join(' ');
}
