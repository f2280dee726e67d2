/** Small texts of the config tab (pure). */
import type { GpuRequest, LaunchFacts } from '../../../../../shared/contract';

export function askedGpusText(gpus: GpuRequest): string {
  const n = gpus.count === 0 ? 'CPU only' : gpus.count === 1 ? '1 GPU' : `${gpus.count} GPUs`;
  const only = gpus.include?.length ? `, only ${gpus.include.join(', ')}` : '';
  return `${n}${only}`;
}

/** How the trainer is started, as one line: its script and arguments (the generic trainer has no script). */
export function launchLine(launch: LaunchFacts): string {
  return [launch.script, ...launch.args].filter((part) => part !== undefined && part !== '').join(' ');
}
