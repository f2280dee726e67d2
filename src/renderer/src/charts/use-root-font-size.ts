/** The root font size in px, kept current: the UI zoom changes it (see shell/use-zoom.ts). */
import { useEffect, useState } from 'react';

function read(): number {
  return Number.parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 16;
}

export function useRootFontSize(): number {
  const [size, setSize] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setSize(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    return () => observer.disconnect();
  }, []);
  return size;
}
