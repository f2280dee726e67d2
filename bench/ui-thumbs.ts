/**
 * ui.thumb_scroll_frame_p95's parts: a folder of 10,000 small real PNGs (sharp), registered and
 * scanned through the API, the Datasets page open on it, and the in-page scroller that moves the
 * thumbnail grid a fixed distance every animation frame while it records the frame times. Page code is
 * source text: the bench's TypeScript has no DOM types.
 */
import type { Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Skip, type UiHost } from './ui-host';

/** `count` PNGs (a few dozen sizes and colours, 48–96 px) in `folder`, half of them with a caption. */
export async function writeThumbFolder(folder: string, count: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const kinds = await Promise.all(
    Array.from({ length: 40 }, (_, k) =>
      sharp({
        create: {
          width: 48 + (k % 5) * 12,
          height: 48 + (k % 4) * 16,
          channels: 3,
          background: { r: (k * 53) % 256, g: (k * 97) % 256, b: (k * 29) % 256 },
        },
      })
        .png()
        .toBuffer(),
    ),
  );
  for (let i = 0; i < count; i++) {
    const name = `img-${String(i).padStart(5, '0')}`;
    writeFileSync(join(folder, `${name}.png`), kinds[i % kinds.length] ?? Buffer.alloc(0));
    if (i % 2 === 0) writeFileSync(join(folder, `${name}.txt`), `tag ${i % 17}, bench`);
  }
}

/** Registers and scans the folder; the dataset's id. */
export async function registeredDataset(h: UiHost, folder: string): Promise<string> {
  const { id } = await h.ok<{ id: string }>('datasets.register', { path: folder });
  await h.ok('datasets.scan', { id });
  return id;
}

/** Opens the Datasets page on the dataset (the launch link first: the tab keeps its key). */
export async function openDatasetGrid(page: Page, h: UiHost, id: string, count: number): Promise<void> {
  await page.goto(h.host.url);
  await page
    .getByTestId('status-connection')
    .and(page.locator('[data-tone="ok"]'))
    .waitFor({ timeout: 30_000 });
  await page.goto(`${h.host.origin}/#/datasets?id=${id}`);
  try {
    await page.locator(`[data-testid="thumb-grid"][data-count="${count}"]`).waitFor({ timeout: 60_000 });
  } catch {
    throw new Skip(
      'the Datasets page shows no thumbnail grid of the dataset ([data-testid="thumb-grid"] with data-count): build views/datasets/, then npm run build',
    );
  }
  await page.getByTestId('thumb-tile').first().waitFor({ timeout: 30_000 });
}

/**
 * Scrolls the grid `pxPerFrame` down on each animation frame for `frames` frames and resolves with
 * the frame times (rAF deltas), the idle ones before it, long tasks, how far it got and the tiles and
 * images on screen at the end.
 */
export const scrollGridScript = (pxPerFrame: number, frames: number, idleFrames: number): string => `
new Promise((resolve) => {
  const grid = document.querySelector('[data-testid="thumb-grid"]');
  let longTasksMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasksMs += entry.duration;
  }).observe({ type: 'longtask' });
  const idle = [];
  const scrolling = [];
  let last = -1;
  let n = 0;
  const tick = (t) => {
    if (last >= 0) (n <= ${idleFrames} ? idle : scrolling).push(t - last);
    last = t;
    n++;
    if (n > ${idleFrames}) grid.scrollTop += ${pxPerFrame};
    if (n <= ${idleFrames + frames}) return requestAnimationFrame(tick);
    resolve({
      idle,
      scrolling,
      longTasksMs,
      scrollTop: grid.scrollTop,
      scrollHeight: grid.scrollHeight,
      tiles: grid.querySelectorAll('[data-testid="thumb-tile"]').length,
      images: grid.querySelectorAll('[data-testid="thumb-tile"] img').length,
    });
  };
  requestAnimationFrame(tick);
})`;

export interface ScrollRecord {
  idle: number[];
  scrolling: number[];
  longTasksMs: number;
  scrollTop: number;
  scrollHeight: number;
  tiles: number;
  images: number;
}
