import { describe, expect, it } from 'vitest';
import type { DatasetScanSummary } from '../../../../shared/contract';
import { aspectLabel, aspectShares, formatBytes, problemGroups, sizeStats } from './dataset-stats';

const scan = (over: Partial<DatasetScanSummary> = {}): DatasetScanSummary => ({
  scannedAt: '2026-01-01T00:00:00Z',
  durationMs: 10,
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
  subsets: [],
  resolutions: [
    { width: 1024, height: 1024, count: 2 },
    { width: 1216, height: 832, count: 1 },
    { width: 300, height: 400, count: 1 },
  ],
  issues: [{ kind: 'missing_caption', path: 'c.png', message: 'No caption file.' }],
  issuesLeftOut: 0,
  notes: [],
  ...over,
});

describe('aspect ratios', () => {
  it('names the common ratios either way round', () => {
    expect(aspectLabel(1920, 1080)).toBe('16:9');
    expect(aspectLabel(1080, 1920)).toBe('9:16');
    expect(aspectLabel(768, 1024)).toBe('3:4');
    expect(aspectLabel(1000, 1000)).toBe('1:1');
    expect(aspectLabel(1000, 130)).toBeNull();
  });

  it('adds up the images per ratio, other last', () => {
    expect(aspectShares(scan().resolutions)).toEqual([
      { label: '1:1', shape: 'square', count: 2 },
      { label: '3:2', shape: 'landscape', count: 1 },
      { label: '3:4', shape: 'portrait', count: 1 },
    ]);
    expect(
      aspectShares([
        { width: 1000, height: 130, count: 5 },
        { width: 64, height: 64, count: 1 },
      ]),
    ).toEqual([
      { label: '1:1', shape: 'square', count: 1 },
      { label: 'other', shape: 'mixed', count: 5 },
    ]);
  });
});

describe('sizes', () => {
  it('finds the smallest, largest and most common size and counts the small ones', () => {
    expect(sizeStats(scan().resolutions)).toEqual({
      smallest: { width: 300, height: 400 },
      largest: { width: 1024, height: 1024 },
      common: { width: 1024, height: 1024, count: 2 },
      distinct: 3,
      small: 1,
    });
    expect(sizeStats([]).common).toBeNull();
  });

  it('writes bytes the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});

describe('problems', () => {
  it('groups a missing caption with what to do about it', () => {
    const [group, ...rest] = problemGroups(scan());
    expect(rest).toEqual([]);
    expect(group?.kind).toBe('missing_caption');
    expect(group?.count).toBe(1);
    expect(group?.advice).toMatch(/write its caption/);
    expect(group?.issues.map((i) => i.path)).toEqual(['c.png']);
  });

  it('counts from the totals where the listed issues were cut short', () => {
    const groups = problemGroups(
      scan({ counts: { ...scan().counts, missingCaptions: 900, corrupt: 2 }, issuesLeftOut: 899 }),
    );
    expect(groups.map((g) => [g.kind, g.count])).toEqual([
      ['corrupt', 2],
      ['missing_caption', 900],
    ]);
  });

  it('says nothing for a clean scan', () => {
    expect(problemGroups(scan({ counts: { ...scan().counts, missingCaptions: 0 }, issues: [] }))).toEqual([]);
  });
});
