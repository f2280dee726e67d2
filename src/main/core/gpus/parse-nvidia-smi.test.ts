import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComputeApps, parseGpuQuery } from './parse-nvidia-smi';

// shared/ lies beside the repository (in a checkout and in CI's clone alike).
const h100 = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'real-gpu-h100');
/** capture.sh appended its own `exit=N` / `hog_pid=N` lines; they are not nvidia-smi's output. */
const realOutput = (file: string): string =>
  readFileSync(`${h100}/${file}`, 'utf8')
    .split('\n')
    .filter((line) => !/^(exit|hog_pid)=/.test(line))
    .join('\n');

describe('reading nvidia-smi', () => {
  it('reads the real H100 answer to our GPU query', () => {
    // The captured query had power.draw as an eighth field; ours asks for the first seven.
    const line = realOutput('query-gpu.csv').trim().split(', ').slice(0, 7).join(', ');
    expect(parseGpuQuery(line)).toEqual({
      ok: true,
      rows: [
        {
          index: 0,
          uuid: 'GPU-96337764-3c55-536d-cd40-23bc9ea9e891',
          name: 'NVIDIA H100 80GB HBM3',
          memoryTotalMiB: 81559,
          memoryUsedMiB: 0,
          utilizationPercent: 0,
          temperatureC: 36,
        },
      ],
    });
  });

  it('reads [N/A] as unknown and keeps a GPU name that holds commas', () => {
    const parsed = parseGpuQuery(
      '0, GPU-aaaa, NVIDIA A100-SXM4-40GB MIG 1g.5gb, 40960, [N/A], [Not Supported], 41\n' +
        '1, GPU-bbbb, Odd, Name, With Commas, 8192, 100, 3, [N/A]\n',
    );
    expect(
      parsed.ok && parsed.rows.map((r) => [r.name, r.memoryUsedMiB, r.utilizationPercent, r.temperatureC]),
    ).toEqual([
      ['NVIDIA A100-SXM4-40GB MIG 1g.5gb', null, null, 41],
      ['Odd, Name, With Commas', 100, 3, null],
    ]);
  });

  it('refuses output that is not the query answer (the header form, an error text) instead of guessing', () => {
    const header = parseGpuQuery(realOutput('query-gpu-header.csv'));
    expect(header.ok).toBe(false);
    expect(!header.ok && header.message).toContain('index, uuid');
    expect(parseGpuQuery(realOutput('query-bad-index.txt')).ok).toBe(false);
  });

  it('reads the real compute-apps answer in the field order it was asked in', () => {
    const parsed = parseComputeApps(realOutput('compute-apps.csv'), [
      'pid',
      'process_name',
      'used_memory',
      'gpu_uuid',
    ]);
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          gpuUuid: 'GPU-96337764-3c55-536d-cd40-23bc9ea9e891',
          pid: 606,
          name: 'python3',
          usedMemoryMiB: 8710,
        },
      ],
    });
  });

  it('reads our own field order, paths with commas, [N/A] memory and "no processes" texts', () => {
    const parsed = parseComputeApps(
      'GPU-aaaa, 4242, /opt/my,venv/bin/python, 1234\nGPU-bbbb, 77, Xorg, [N/A]\nNo running processes found\n',
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { gpuUuid: 'GPU-aaaa', pid: 4242, name: '/opt/my,venv/bin/python', usedMemoryMiB: 1234 },
        { gpuUuid: 'GPU-bbbb', pid: 77, name: 'Xorg', usedMemoryMiB: null },
      ],
    });
    expect(parseComputeApps('GPU-aaaa, notapid, python, 12').ok).toBe(false);
  });
});
