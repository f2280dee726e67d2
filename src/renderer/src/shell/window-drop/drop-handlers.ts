/**
 * The views' handlers for files dropped on the window: the one registered last (the view on top) is
 * asked first; the first that answers true has handled the drop and the rest are not asked.
 */

/** `paths[i]` is `files[i]`'s path on the desktop, null where the host gives none (a browser). */
export type DropHandler = (files: File[], paths: (string | null)[]) => boolean;

export interface DropHandlers {
  /** Adds a handler; the answer removes exactly it again. */
  add: (handler: DropHandler) => () => void;
  /** Asks the handlers, newest first; true once one handled the drop. */
  dispatch: (files: File[], paths: (string | null)[]) => boolean;
}

export function createDropHandlers(): DropHandlers {
  // Wrapped, so the same function added twice (a remount) is removed once per add.
  let handlers: { handle: DropHandler }[] = [];
  return {
    add(handler) {
      const entry = { handle: handler };
      handlers = [...handlers, entry];
      return () => {
        handlers = handlers.filter((held) => held !== entry);
      };
    },
    dispatch(files, paths) {
      for (const entry of [...handlers].reverse()) if (entry.handle(files, paths)) return true;
      return false;
    },
  };
}
