/** What one GPU's card shows: name, memory and load in words, who holds it, and whether it is excluded. */
import type { Gpu, GpuProcess } from '../../../../shared/contract';

export type GpuHolder =
  | { kind: 'job'; pid: number; jobId: string; label: string; memory: string }
  | { kind: 'stranger'; pid: number; label: string; memory: string };

export type GpuCardState = 'free' | 'training' | 'held-by-other' | 'excluded';

export interface GpuCardModel {
  uuid: string;
  title: string;
  name: string;
  state: GpuCardState;
  /** The badge: what the state means in a word or two. */
  stateLabel: string;
  /** "9.0 of 24.0 GiB used"; "unknown" where nvidia-smi says [N/A]. */
  memory: string;
  /** 0–100, null where the total or the used amount is unknown. */
  memoryPercent: number | null;
  utilisation: string;
  temperature: string;
  holders: GpuHolder[];
}

const mibPerGib = 1024;

/** MiB as GiB with one decimal (24564 → "24.0 GiB"); small amounts stay in MiB. */
export function formatMiB(mib: number): string {
  if (mib < mibPerGib) return `${Math.round(mib)} MiB`;
  return `${(mib / mibPerGib).toFixed(1)} GiB`;
}

function memoryText(used: number | null, total: number | null): string {
  if (used === null && total === null) return 'Memory unknown';
  if (total === null) return `${formatMiB(used ?? 0)} used of an unknown total`;
  if (used === null) return `Use unknown of ${formatMiB(total)}`;
  return `${formatMiB(used)} of ${formatMiB(total)} used`;
}

function holderOf(process: GpuProcess): GpuHolder {
  const memory = process.usedMemoryMiB === null ? 'memory unknown' : formatMiB(process.usedMemoryMiB);
  if (process.jobId !== null) {
    return {
      kind: 'job',
      pid: process.pid,
      jobId: process.jobId,
      label: process.jobName ?? `Job ${process.jobId}`,
      memory,
    };
  }
  // The command line says more than the executable's path; another user's is hidden from us.
  return { kind: 'stranger', pid: process.pid, label: process.command ?? process.name, memory };
}

function stateOf(gpu: Gpu, holders: readonly GpuHolder[]): GpuCardState {
  if (gpu.excluded) return 'excluded';
  if (holders.some((h) => h.kind === 'job')) return 'training';
  if (holders.length > 0) return 'held-by-other';
  return 'free';
}

const stateLabels: Record<GpuCardState, string> = {
  free: 'Free',
  training: 'Training',
  'held-by-other': 'Used by another program',
  excluded: 'Excluded',
};

export function gpuCardModel(gpu: Gpu): GpuCardModel {
  // DPGui's jobs first, then the largest holders.
  const holders = [...gpu.processes]
    .sort(
      (a, b) =>
        Number(b.jobId !== null) - Number(a.jobId !== null) ||
        (b.usedMemoryMiB ?? 0) - (a.usedMemoryMiB ?? 0) ||
        a.pid - b.pid,
    )
    .map(holderOf);
  const state = stateOf(gpu, holders);
  const { memoryUsedMiB: used, memoryTotalMiB: total } = gpu;
  return {
    uuid: gpu.uuid,
    title: `GPU ${gpu.index}`,
    name: gpu.name,
    state,
    stateLabel: stateLabels[state],
    memory: memoryText(used, total),
    memoryPercent:
      used === null || total === null || total <= 0 ? null : Math.min(100, Math.max(0, (used / total) * 100)),
    utilisation:
      gpu.utilizationPercent === null ? 'Load unknown' : `${Math.round(gpu.utilizationPercent)} % load`,
    temperature: gpu.temperatureC === null ? '' : `${Math.round(gpu.temperatureC)} °C`,
    holders,
  };
}
