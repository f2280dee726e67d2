import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuInventory } from '../../../shared/contract/gpus';
import { createSchemaValidators } from '../contract/schema-validators';
import { createEventBus } from '../events/event-bus';
import { createGpuHandlers, publishGpuSamples } from './gpu-handlers';
import { createGpuSampler } from './gpu-sampler';
import { createNvidiaSmiProbe } from './nvidia-smi-probe';

const validators = createSchemaValidators();

describe('gpus.list and gpu.stats against a fake nvidia-smi with 2 GPUs', () => {
  it('lists both GPUs, marks the excluded one, keeps history, and pushes each sample as gpu.stats', async () => {
    const sampler = createGpuSampler({
      probe: createNvidiaSmiProbe({ command: resolve('tests/fixtures/bin/nvidia-smi'), timeoutMs: 20_000 }),
    });
    const events = createEventBus();
    let excluded: string[] = [];
    publishGpuSamples(sampler, events, () => excluded);
    const pushed: GpuInventory[] = [];
    events.subscribe('gpu.stats', (sample) => pushed.push(sample));
    const handlers = createGpuHandlers(sampler, () => excluded);

    const first = await handlers['gpus.list']({});
    expect(validators.response('gpus.list', first)).toEqual({ ok: true });
    expect(first.state).toBe('ok');
    expect(first.gpus.map((gpu) => [gpu.index, gpu.name, gpu.excluded])).toEqual([
      [0, 'NVIDIA GeForce RTX 4090', false],
      [1, 'NVIDIA GeForce RTX 4090', false],
    ]);
    expect(first.history).toHaveLength(1);

    excluded = [first.gpus[1]?.uuid ?? ''];
    // Without refresh the last sample answers (no second nvidia-smi run), with today's exclusions.
    const again = await handlers['gpus.list']({});
    expect(again.sampledAt).toBe(first.sampledAt);
    expect(again.gpus.map((gpu) => gpu.excluded)).toEqual([false, true]);
    const refreshed = await handlers['gpus.list']({ refresh: true });
    expect(refreshed.history).toHaveLength(2);

    expect(pushed).toHaveLength(2);
    for (const sample of pushed) expect(validators.event('gpu.stats', sample)).toEqual({ ok: true });
    expect(pushed[1]?.gpus[1]?.excluded).toBe(true);
    sampler.close();
  });

  it('answers a clear state, not an error, on a machine without nvidia-smi', async () => {
    const sampler = createGpuSampler({ probe: createNvidiaSmiProbe({ command: '/nonexistent/nvidia-smi' }) });
    const answer = await createGpuHandlers(sampler, () => [])['gpus.list']({});
    expect(answer).toMatchObject({ state: 'no-nvidia-smi', gpus: [], history: [] });
    expect(validators.response('gpus.list', answer)).toEqual({ ok: true });
    sampler.close();
  });
});
