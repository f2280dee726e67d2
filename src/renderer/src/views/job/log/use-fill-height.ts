/**
 * The log as tall as the window leaves below it (down to the status bar), so the page itself does not
 * scroll and the log gets every line of room there is at 1280×720 as at 4K. Measured again when the
 * window or the header above it (a stalled warning, a failure banner) changes size.
 */
import { useLayoutEffect, type RefObject } from 'react';

/** Room kept below the log: the page's bottom padding. */
const gapBelowPx = 16;

/** The height that fills from `top` down to `bottom`, never less than `minPx`. */
export function fillHeight(top: number, bottom: number, minPx: number): number {
  return Math.max(minPx, Math.floor(bottom - top - gapBelowPx));
}

export function useFillHeight(ref: RefObject<HTMLElement | null>, minRem: number): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const fit = (): void => {
      const footer = document.querySelector('.mantine-AppShell-footer');
      const bottom = footer?.getBoundingClientRect().top ?? window.innerHeight;
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      // The page's own scroll is added back: the log's place in the page, not on screen, is what counts.
      const top = element.getBoundingClientRect().top + window.scrollY;
      element.style.height = `${fillHeight(top, bottom, minRem * rem)}px`;
    };
    fit();
    window.addEventListener('resize', fit);
    const header = document.querySelector('[data-testid="job-header"]');
    const observer = new ResizeObserver(fit);
    if (header) observer.observe(header);
    return () => {
      window.removeEventListener('resize', fit);
      observer.disconnect();
    };
  }, [ref, minRem]);
}
