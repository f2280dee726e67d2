/**
 * sd-scripts' saved training state: `--save_state` folders in its output folder (`<name>-state`,
 * `<name>-NNNNNN-state` per epoch, `<name>-stepNNNNNNNN-state` per step), which a resumed retry
 * continues from (its config's `resume`).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ResumeJob, ResumePoint } from '../runtime';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** sd-scripts' saved-state folders of one output name (sd-scripts calls an unnamed run "last"/"epoch"). */
export function isSdScriptsStateName(name: string, outputName: string | null): boolean {
  const prefix = outputName === null ? '.+' : escapeRegExp(outputName);
  return new RegExp(`^${prefix}(-\\d{6}|-step\\d{8})?-state$`).test(name);
}

/** The newest `--save_state` folder in an output folder (by the time it was written), or null. */
export function latestSdScriptsState(outputDir: string, outputName: string | null): string | null {
  let best: { path: string; mtimeMs: number } | null = null;
  let names: string[];
  try {
    names = readdirSync(outputDir);
  } catch {
    return null;
  }
  for (const name of names) {
    if (!isSdScriptsStateName(name, outputName)) continue;
    const path = join(outputDir, name);
    try {
      const stat = statSync(path);
      if (stat.isDirectory() && (!best || stat.mtimeMs > best.mtimeMs))
        best = { path, mtimeMs: stat.mtimeMs };
    } catch {
      // Removed while we looked.
    }
  }
  return best?.path ?? null;
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * A saved state chosen by path: one of the job's `--save_state` folders (in its output folder, named
 * for its output name) that is still there.
 */
function chosenSdScriptsState(from: string, outputDir: string, name: string | null): ResumePoint {
  const path = resolve(from);
  if (
    outputDir === '' ||
    dirname(path) !== resolve(outputDir) ||
    !isSdScriptsStateName(basename(path), name)
  ) {
    return {
      ok: false,
      reason:
        `${from} is not a saved training state of this job: sd-scripts saves its states as …-state folders ` +
        `of "${name ?? 'the job'}" in ${outputDir || 'its output folder'}. Choose one of those (its checkpoints of kind "state").`,
    };
  }
  if (!isFolder(path)) {
    return {
      ok: false,
      reason: `The saved state ${path} is no longer there. Choose another of the job's saved states, or retry without resume.`,
    };
  }
  return { ok: true, from: path };
}

/**
 * What a resumed retry of an sd-scripts job would continue from: the state it chose (checked), else
 * its newest saved state.
 */
export function sdScriptsResumePoint(job: ResumeJob): ResumePoint {
  const values = job.config.values;
  const outputDir = typeof values.output_dir === 'string' ? values.output_dir : '';
  const name =
    typeof values.output_name === 'string' && values.output_name !== '' ? values.output_name : null;
  if (job.resumeFrom) return chosenSdScriptsState(job.resumeFrom, outputDir, name);
  const state = outputDir === '' ? null : latestSdScriptsState(outputDir, name);
  if (state) return { ok: true, from: state };
  return {
    ok: false,
    reason:
      `No saved training state of "${name ?? 'the job'}" is in ${outputDir || 'its output folder'}: ` +
      'sd-scripts writes one (a …-state folder) only with save_state on. Retry without resume, or turn save_state on next time.',
  };
}
