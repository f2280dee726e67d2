/// <reference types="vite/client" />
import type { DpguiBridge } from '../../shared/contract/wire';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser talking to the headless host. */
    dpgui?: DpguiBridge;
  }
}
