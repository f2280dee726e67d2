/**
 * The doctor's answer as the screens show it: each check a colour (green / amber / red), a short
 * label and its sentence (the check's own message, which names the fix when something is wrong).
 */
import type { DoctorAnswer, DoctorCheck, DoctorEntry, DoctorInstallName } from '../../../shared/contract';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckRow {
  id: string;
  /** What was checked, in words ("NVIDIA driver"); the id where DPGui has no name for it. */
  title: string;
  verdict: Verdict;
  /** A Mantine colour. */
  color: 'green' | 'yellow' | 'red';
  label: string;
  /** What was found, or what to do about it. */
  text: string;
}

export interface InstallReport {
  install: DoctorInstallName;
  title: string;
  verdict: Verdict;
  color: CheckRow['color'];
  /** The entry's one sentence: the verdict, or what to fix so the doctor can run. */
  message: string;
  checks: CheckRow[];
}

const colors: Record<Verdict, CheckRow['color']> = { ok: 'green', warn: 'yellow', fail: 'red' };
const labels: Record<Verdict, string> = { ok: 'OK', warn: 'Warning', fail: 'Problem' };

export const installTitles: Record<DoctorInstallName, string> = {
  sdScripts: 'sd-scripts',
  diffusionPipe: 'diffusion-pipe',
  generic: 'Generic trainer',
};

const checkTitles: Record<string, string> = {
  'nvidia.driver': 'NVIDIA driver',
  'disk.data': "Data folder's disk",
  'disk.output': "Output folder's disk",
  'output.disk': "Output folder's disk",
  'python.version': 'Python version',
  'python.environment': 'Python environment',
  'torch.import': 'torch',
  'torch.cuda': 'CUDA in torch',
  'sd_scripts.folder': 'sd-scripts folder',
  'diffusion_pipe.folder': 'diffusion-pipe folder',
  'diffusion_pipe.train_py': 'train.py',
  'diffusion_pipe.submodules': 'Git submodules',
  'diffusion_pipe.python': 'Python version',
};

/** A check's name in words; a package check is named by its package, a check DPGui does not know by its id. */
export function checkTitle(id: string): string {
  if (id.startsWith('package.')) return `Package ${id.slice('package.'.length)}`;
  return checkTitles[id] ?? id;
}

export function checkRow(check: DoctorCheck): CheckRow {
  const verdict = check.status;
  return {
    id: check.id,
    title: checkTitle(check.id),
    verdict,
    color: colors[verdict],
    label: labels[verdict],
    text: check.message,
  };
}

/** "not set up" is amber (nothing to fix, nothing to use); any other state without a report is red. */
export function entryVerdict(entry: DoctorEntry): Verdict {
  if (entry.state === 'not-set-up' || entry.state === 'canceled') return 'warn';
  if (entry.state !== 'checked' || !entry.report) return 'fail';
  const { summary } = entry.report;
  return summary.fail > 0 ? 'fail' : summary.warn > 0 ? 'warn' : 'ok';
}

export function installReport(entry: DoctorEntry): InstallReport {
  const verdict = entryVerdict(entry);
  return {
    install: entry.install,
    title: installTitles[entry.install],
    verdict,
    color: colors[verdict],
    message: entry.message,
    checks: entry.report?.checks.map(checkRow) ?? [],
  };
}

export interface DoctorView {
  machine: CheckRow[];
  installs: InstallReport[];
}

export function doctorView(answer: DoctorAnswer): DoctorView {
  return { machine: answer.machine.map(checkRow), installs: answer.installs.map(installReport) };
}

export function verdictColor(verdict: Verdict): CheckRow['color'] {
  return colors[verdict];
}

export function verdictLabel(verdict: Verdict): string {
  return labels[verdict];
}
