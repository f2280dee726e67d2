/**
 * Where DPGui keeps its data: the --data-dir flag, else DPGUI_DATA_DIR, else the per-user folder the
 * desktop app uses (Electron's userData for the product name "DPGui"), so both hosts share one folder.
 */
import { isAbsolute, join, resolve } from 'node:path';

export const productName = 'DPGui';

export interface DataDirInputs {
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
  cwd: string;
}

export function resolveDataDir(inputs: DataDirInputs): string {
  const chosen = inputs.flag ?? nonEmpty(inputs.env.DPGUI_DATA_DIR);
  if (chosen !== undefined) return isAbsolute(chosen) ? chosen : resolve(inputs.cwd, chosen);
  return join(userAppDataDir(inputs), productName);
}

/** Electron's `app.getPath('appData')`, per platform. */
function userAppDataDir({ env, platform, home }: DataDirInputs): string {
  if (platform === 'win32') return nonEmpty(env.APPDATA) ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return nonEmpty(env.XDG_CONFIG_HOME) ?? join(home, '.config');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
