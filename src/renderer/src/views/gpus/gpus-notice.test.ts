import { describe, expect, it } from 'vitest';
import { gpusNotice } from './gpus-notice';

describe('gpusNotice', () => {
  it("says nvidia-smi is missing, with the probe's sentence and what to install", () => {
    const notice = gpusNotice({
      state: 'no-nvidia-smi',
      message: 'nvidia-smi was not found (nvidia-smi).',
      gpus: [],
    });
    expect(notice?.title).toBe('nvidia-smi is missing');
    expect(notice?.detail).toBe('nvidia-smi was not found (nvidia-smi).');
    expect(notice?.fix).toMatch(/Install the NVIDIA driver/);
  });

  it('has a fix for no GPU and for unreadable output', () => {
    expect(gpusNotice({ state: 'no-gpus', message: 'nvidia-smi found no GPU.', gpus: [] })?.title).toBe(
      'No GPU found',
    );
    expect(
      gpusNotice({ state: 'error', message: 'nvidia-smi failed (exit code 9).', gpus: [] })?.fix,
    ).toMatch(/terminal/);
  });

  it('stays quiet when all is well, and warns when only part of the report is missing', () => {
    expect(gpusNotice({ state: 'ok', message: '', gpus: [] })).toBeNull();
    expect(
      gpusNotice({ state: 'ok', message: 'The processes holding GPU memory are unknown.', gpus: [] }),
    ).toMatchObject({ tone: 'warning' });
  });
});
