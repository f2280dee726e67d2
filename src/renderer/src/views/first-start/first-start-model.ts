/**
 * Whether the first-start setup shows, and which trainers it asks about, from trainers.list. The skip
 * is remembered in this browser's localStorage (per browser profile, like the zoom): skipping is a
 * choice about this screen, not a setting of the host.
 */
import type { TrainerEntry, TrainersList } from '../../../../shared/contract';

export const firstStartSkippedKey = 'dpgui.firstStart.skipped';

export function nothingSetUp(list: TrainersList): boolean {
  return list.trainers.every((trainer) => !trainer.setUp);
}

export function shouldShowFirstStart(list: TrainersList | undefined, skipped: boolean): boolean {
  return list !== undefined && !skipped && nothingSetUp(list);
}

export type InstallKey = 'sdScripts' | 'diffusionPipe' | 'generic';

export interface FirstStartStep {
  install: InstallKey;
  label: string;
  setUp: boolean;
  /** trainers.list's sentence: what is set up, or what to set where. */
  message: string;
  folder: { path: string; required: boolean; missing: boolean };
  python: { path: string; required: boolean; missing: boolean };
}

/** `trainers.sdScripts` → `sdScripts`; null for a key this screen does not know. */
export function installOf(setting: string): InstallKey | null {
  const key = setting.replace(/^trainers\./, '');
  return key === 'sdScripts' || key === 'diffusionPipe' || key === 'generic' ? key : null;
}

function pathState(path: TrainerEntry['python']) {
  return { path: path.path, required: path.required, missing: path.set && !path.exists };
}

/** One step per trainer the host lists, in its order: the two named trainers first, the generic last. */
export function firstStartSteps(list: TrainersList): FirstStartStep[] {
  return list.trainers.flatMap((trainer) => {
    const install = installOf(trainer.setting);
    if (!install) return [];
    return [
      {
        install,
        label: trainer.label,
        setUp: trainer.setUp,
        message: trainer.message,
        folder: pathState(trainer.folder),
        python: pathState(trainer.python),
      },
    ];
  });
}
