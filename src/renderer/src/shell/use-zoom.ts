/** The UI zoom: remembered in localStorage (boot.js applies it before the first paint). */
import { useCallback, useEffect, useState } from 'react';
import { nextZoom, parseStoredZoom, zoomStorageKey, type ZoomMove } from './zoom';

function readZoom(): number {
  try {
    return parseStoredZoom(window.localStorage.getItem(zoomStorageKey));
  } catch {
    return parseStoredZoom(null);
  }
}

export function useZoom(): { zoom: number; move: (move: ZoomMove) => void } {
  const [zoom, setZoom] = useState(readZoom);
  useEffect(() => {
    // The root font size scales every rem-based size of Mantine: text re-lays out crisply at any level.
    document.documentElement.style.fontSize = `${zoom * 100}%`;
    try {
      window.localStorage.setItem(zoomStorageKey, String(zoom));
    } catch {
      // Storage disabled: the zoom lasts until the page is closed.
    }
  }, [zoom]);
  const move = useCallback((step: ZoomMove) => setZoom((current) => nextZoom(current, step)), []);
  return { zoom, move };
}
