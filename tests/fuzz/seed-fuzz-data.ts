/**
 * Real things for the fuzzer to name. Without them every channel that takes an id (jobs.get/cancel/
 * retry/…, datasets.get/…, presets.get/…, logs.read) is only ever answered 404, and the code behind
 * the 404 is never fuzzed. Made through the host's own API before the run: the queue paused (nothing is
 * launched; the generic trainer's interpreter is named, as enqueue asks, but does not exist), jobs
 * queued, held and canceled, a dataset folder with an image registered, presets saved. Each kind has ids the destructive channels may use (jobs.delete,
 * datasets.remove, presets.delete) and ids the others use, so a delete early in the run does not turn
 * every later case into a 404.
 */
import { chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../support/launch-headless-host';

export interface SeededIds {
  jobs: { kept: string[]; spare: string[] };
  datasets: { kept: string[]; spare: string[] };
  presets: { kept: string[]; spare: string[] };
  /** Files in every seeded dataset, relative to it (for the caption channels' `path`). */
  datasetFiles: string[];
}

const datasetFile = '1_things/a.png';

/** A 1×1 PNG, so the dataset's scan finds one real image. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

const genericConfig = (lr: number) => ({
  trainer: 'generic',
  family: 'hydra',
  values: { command: '{python} train.py --config {config}', config: { lr } },
});

async function post<T>(host: RunningHost, channel: string, payload: unknown): Promise<T> {
  const response = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const body: unknown = await response.json();
  if (response.status !== 200) {
    throw new Error(
      `seeding the fuzzed host: ${channel} answered ${response.status}: ${JSON.stringify(body)}`,
    );
  }
  return body as T;
}

/**
 * `home` is the fuzz place's home; `owner` the user the host runs as, when it is not us: the dataset
 * folders are given to it, so that a caption the fuzzer writes is written, not refused.
 */
export async function seedFuzzData(host: RunningHost, home: string, owner?: number): Promise<SeededIds> {
  await post(host, 'queue.pause', {});
  // Enqueue refuses a job whose trainer's install is unset; the paused queue launches nothing anyway.
  await post(host, 'settings.set', {
    trainers: {
      sdScripts: { python: '', folder: '', env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: join(home, 'no-venv', 'bin', 'python'), folder: '' },
    },
  });
  const enqueue = async (name: string, lr: number): Promise<string> =>
    (
      await post<{ id: string }>(host, 'jobs.enqueue', {
        name,
        config: genericConfig(lr),
        gpus: { count: 0 },
      })
    ).id;
  const queued = [await enqueue('seed queued', 1), await enqueue('seed queued 2', 2)];
  const held = await enqueue('seed held', 3);
  await post(host, 'jobs.hold', { id: held });
  const finished = [await enqueue('seed canceled', 4), await enqueue('seed canceled 2', 5)];
  for (const id of finished) await post(host, 'jobs.cancel', { id });

  const datasets: string[] = [];
  for (const name of ['seed-dataset', 'seed-dataset-spare']) {
    const folder = join(home, name);
    mkdirSync(join(folder, '1_things'), { recursive: true });
    writeFileSync(join(folder, '1_things', 'a.png'), onePixelPng);
    writeFileSync(join(folder, '1_things', 'a.txt'), 'a thing, white');
    if (owner !== undefined) {
      for (const entry of readdirSync(folder, { recursive: true }))
        chownSync(join(folder, String(entry)), owner, owner);
      chownSync(folder, owner, owner);
    }
    datasets.push((await post<{ id: string }>(host, 'datasets.register', { path: folder, name })).id);
  }

  const presets: string[] = [];
  for (const name of ['seed preset', 'seed preset spare'])
    presets.push((await post<{ id: string }>(host, 'presets.save', { name, config: genericConfig(6) })).id);

  return {
    // The finished ones serve retry and (as spares) delete; the waiting ones cancel, hold, move.
    jobs: { kept: [...queued, held, finished[0] ?? ''], spare: finished.slice(1) },
    datasets: { kept: datasets.slice(0, 1), spare: datasets.slice(1) },
    presets: { kept: presets.slice(0, 1), spare: presets.slice(1) },
    datasetFiles: [datasetFile],
  };
}

/** The channels that destroy what they name: they get the spare ids, the others the kept ones. */
const destructive = new Set(['jobs.delete', 'datasets.remove', 'presets.delete']);

/** Which seeded ids a channel's `id` (or `jobId`) takes; tests/fuzz/seeded_ids.py has the same rule. */
function idsFor(channel: string, seeded: SeededIds): { field: string; ids: string[] } | null {
  const side = destructive.has(channel) ? 'spare' : 'kept';
  if (channel.startsWith('logs.') || channel === 'configs.validate')
    return { field: 'jobId', ids: seeded.jobs[side] };
  if (channel.startsWith('jobs.')) return { field: 'id', ids: seeded.jobs[side] };
  if (channel.startsWith('datasets.')) return { field: 'id', ids: seeded.datasets[side] };
  if (channel.startsWith('presets.')) return { field: 'id', ids: seeded.presets[side] };
  return null;
}

interface ObjectSchema {
  properties?: Record<string, Record<string, unknown>>;
}

/**
 * The OpenAPI document as the fuzzer gets it: each id property lists the seeded ids as `examples`
 * (valid values, so nothing becomes invalid), which Schemathesis's examples and coverage phases use.
 */
export function withSeededExamples<T extends { paths: Record<string, unknown> }>(
  document: T,
  seeded: SeededIds,
): T {
  const copy = structuredClone(document);
  for (const [path, item] of Object.entries(copy.paths)) {
    const channel = path.slice(path.lastIndexOf('/') + 1);
    const target = idsFor(channel, seeded);
    const schema = (
      item as { post?: { requestBody?: { content?: Record<string, { schema?: ObjectSchema }> } } }
    ).post?.requestBody?.content?.['application/json']?.schema;
    const properties = schema?.properties;
    if (!target || !properties) continue;
    const id = properties[target.field];
    if (id && target.ids.length > 0) id.examples = target.ids;
    if (channel.startsWith('datasets.caption.') && properties.path)
      properties.path.examples = seeded.datasetFiles;
  }
  return copy;
}
