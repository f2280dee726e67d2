/**
 * A job's artifacts from python-bridge's save events (`checkpoint_saved` / `sample_saved`, reported
 * once each file stands still in a watched output folder), with the step, epoch and prompt read from
 * the names the trainers give them. Pure: events in, artifacts out.
 *
 * sd-scripts (train_util.py): checkpoints `<name>-step00000500.safetensors`, `<name>-000002.safetensors`
 * (epoch), `<name>.safetensors` (last); state folders the same with `-state`; samples
 * `sample/<name>_000500_00_<timestamp>.png` or `<name>_e000002_00_<timestamp>.png` (step or epoch,
 * then the prompt index). diffusion-pipe: `<run>/epoch2/…`, `<run>/step500/…`, DeepSpeed state in
 * `<run>/global_step500/…`.
 */
import type { Artifact } from '../../../../shared/contract';

type Kind = Artifact['kind'];
interface NameFacts {
  kind: Kind;
  step: number | null;
  epoch: number | null;
  promptIndex: number | null;
}

const baseName = (path: string): string =>
  path
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() ?? path;

export function readArtifactName(path: string, saved: 'checkpoint' | 'sample'): NameFacts {
  const name = baseName(path);
  if (saved === 'sample') {
    const match = /_(?:e(\d{6})|(\d{6}))_(\d{2})_\d{6,}/.exec(name);
    return {
      kind: 'sample',
      epoch: match?.[1] ? Number(match[1]) : null,
      step: match?.[2] ? Number(match[2]) : null,
      promptIndex: match?.[3] ? Number(match[3]) : null,
    };
  }
  const sdScripts = /-(?:step(\d{8})|(\d{6}))(-state)?(?:\.[^.]+)?$/.exec(name);
  if (sdScripts) {
    return {
      kind: sdScripts[3] ? 'state' : 'checkpoint',
      step: sdScripts[1] ? Number(sdScripts[1]) : null,
      epoch: sdScripts[2] ? Number(sdScripts[2]) : null,
      promptIndex: null,
    };
  }
  const segments = path.split(/[\\/]/);
  for (let i = segments.length - 1; i >= 0; i--) {
    const folder = /^(global_step|step|epoch)(\d+)$/.exec(segments[i] ?? '');
    if (!folder) continue;
    const n = Number(folder[2]);
    return {
      kind: folder[1] === 'global_step' ? 'state' : 'checkpoint',
      step: folder[1] === 'epoch' ? null : n,
      epoch: folder[1] === 'epoch' ? n : null,
      promptIndex: null,
    };
  }
  return { kind: /-state$/.test(name) ? 'state' : 'checkpoint', step: null, epoch: null, promptIndex: null };
}

/** One events.jsonl line as an artifact, or null for every other event (and damaged ones). */
export function artifactOfEvent(event: unknown): Artifact | null {
  if (typeof event !== 'object' || event === null) return null;
  const { type, path, t } = event as { type?: unknown; path?: unknown; t?: unknown };
  if ((type !== 'checkpoint_saved' && type !== 'sample_saved') || typeof path !== 'string') return null;
  return {
    ...readArtifactName(path, type === 'sample_saved' ? 'sample' : 'checkpoint'),
    path,
    savedAt: typeof t === 'number' ? Math.round(t * 1000) : 0,
    checkpoint: null,
    // Measured by who announces or lists it (artifact-size.ts); an event cannot tell.
    bytes: null,
  };
}

/** The artifacts in the order they were saved, each once, samples linked to their step's checkpoint. */
export function indexArtifacts(events: readonly unknown[]): Artifact[] {
  const byPath = new Map<string, Artifact>();
  for (const event of events) {
    const artifact = artifactOfEvent(event);
    if (artifact && !byPath.has(artifact.path)) byPath.set(artifact.path, artifact);
  }
  const items = [...byPath.values()];
  const checkpoints = items.filter((item) => item.kind === 'checkpoint');
  return items.map((item) => {
    if (item.kind !== 'sample') return item;
    const match = checkpoints.find(
      (c) => (item.step !== null && c.step === item.step) || (item.epoch !== null && c.epoch === item.epoch),
    );
    return match ? { ...item, checkpoint: match.path } : item;
  });
}
