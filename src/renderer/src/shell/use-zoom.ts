/** The UI zoom: remembered in localStorage (boot.js applies it before the first paint). */
import { useCallback, useEffect, useState } from 'react';
import { onMenuCommand } from '../api/desktop-host';
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
  // The desktop app's View menu zooms the same way (its items send these instead of scaling the page).
  useEffect(
    () =>
      onMenuCommand((command) => {
        if (command === 'zoom-in') move('in');
        else if (command === 'zoom-out') move('out');
        else move('reset');
      }),
    [move],
  );
  return { zoom, move };
}
