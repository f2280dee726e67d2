// @vitest-environment happy-dom
/** The Overview tab of a scanned folder with a missing caption: its stats, and the problem with what to do. */
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetFileEntry, DatasetScanSummary } from '../../../../shared/contract';
import { DatasetHeadline, DatasetOverview } from './DatasetOverview';

afterEach(cleanup);

const scan: DatasetScanSummary = {
  scannedAt: '2026-01-01T00:00:00Z',
  durationMs: 12,
  captionExtension: '.txt',
  counts: {
    images: 3,
    videos: 0,
    captioned: 2,
    missingCaptions: 1,
    emptyCaptions: 0,
    nonUtf8Captions: 0,
    corrupt: 0,
    unreadable: 0,
    orientationWarnings: 0,
  },
  subsets: [{ path: '', repeats: null, classTokens: null, images: 3, videos: 0 }],
  resolutions: [
    { width: 64, height: 64, count: 2 },
    { width: 48, height: 32, count: 1 },
  ],
  issues: [{ kind: 'missing_caption', path: 'c.png', message: 'No caption file.' }],
  issuesLeftOut: 0,
  notes: [],
};

const file = (path: string, bytes: number): DatasetFileEntry => ({
  path,
  kind: 'image',
  subset: '',
  width: 64,
  height: 64,
  bytes,
  caption: 'ok',
  captionProblem: null,
  orientation: null,
  problem: null,
});

const wrap = (child: ReturnType<typeof createElement>) => render(createElement(MantineProvider, null, child));

describe('DatasetOverview', () => {
  it('shows the stats and the missing caption with what to do, and opens the image from it', () => {
    const onSelect = vi.fn();
    wrap(
      createElement(DatasetOverview, { scan, files: [file('a.png', 1024), file('b.png', 2048)], onSelect }),
    );
    const problem = screen.getByTestId('dataset-problem');
    expect(problem.getAttribute('data-kind')).toBe('missing_caption');
    expect(problem.textContent).toContain('Images without a caption: 1');
    expect(problem.textContent).toContain('write its caption');
    expect(screen.getByTestId('dataset-sizes').textContent).toContain('3.0 KiB');
    expect(screen.getByTestId('dataset-aspects').textContent).toContain('1:1');
    expect(screen.getByTestId('dataset-aspects').textContent).toContain('3:2');
    fireEvent.click(screen.getByRole('button', { name: 'c.png' }));
    expect(onSelect).toHaveBeenCalledWith('c.png');
  });

  it('headlines the counts', () => {
    wrap(createElement(DatasetHeadline, { scan }));
    expect(screen.getByTestId('stat-images').textContent).toContain('3');
    expect(screen.getByTestId('stat-captioned').textContent).toContain('2');
    expect(screen.getByTestId('stat-missing').textContent).toContain('1');
    expect(screen.getByTestId('stat-problems').textContent).toContain('0');
  });
});
