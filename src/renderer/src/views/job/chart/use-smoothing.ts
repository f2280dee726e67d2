/** The smoothing slider's weight, remembered in localStorage for every job's chart. */
import { useCallback, useState } from 'react';
import { clampSmoothing, defaultSmoothing } from './loss-smoothing';

const storageKey = 'dpgui.lossSmoothing';

function readStored(): number {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return stored === null ? defaultSmoothing : clampSmoothing(Number(stored));
  } catch {
    return defaultSmoothing;
  }
}

export function useSmoothing(): [number, (weight: number) => void] {
  const [weight, setWeight] = useState(readStored);
  const set = useCallback((next: number) => {
    const value = clampSmoothing(next);
    setWeight(value);
    try {
      window.localStorage.setItem(storageKey, String(value));
    } catch {
      // Storage disabled: the weight lasts until the page is closed.
    }
  }, []);
  return [weight, set];
}
