/**
 * The UI's zoom level: a few fixed steps (as browsers have), applied as the root font size so Mantine's
 * rem-based sizes and text re-lay out crisply instead of being scaled as a picture.
 */
export const zoomSteps = [0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;
export const defaultZoom = 1;
const minZoom = 0.67;
const maxZoom = 2;
/** localStorage key; public/boot.js reads the same key before the first paint. */
export const zoomStorageKey = 'dpgui.zoom';

export type ZoomMove = 'in' | 'out' | 'reset';

/** The next step from `current` (which need not be a step itself, e.g. an older stored value). */
export function nextZoom(current: number, move: ZoomMove): number {
  if (move === 'reset') return defaultZoom;
  if (move === 'in') return zoomSteps.find((step) => step > current + 1e-6) ?? maxZoom;
  return [...zoomSteps].reverse().find((step) => step < current - 1e-6) ?? minZoom;
}

/** A stored value, or the default when it is missing or not a number within the steps' range. */
export function parseStoredZoom(stored: string | null): number {
  const value = Number(stored);
  if (stored === null || !Number.isFinite(value)) return defaultZoom;
  if (value < minZoom || value > maxZoom) return defaultZoom;
  return value;
}

/** What the status bar and help say: "110 %". */
export function zoomLabel(zoom: number): string {
  return `${Math.round(zoom * 100)} %`;
}
