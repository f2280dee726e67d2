/** The window-wide drop: mounted once in the frame; views take dropped files with useDropHandler. */
export { WindowDrop, useDropHandler } from './WindowDrop';
export type { DropHandler } from './drop-handlers';
