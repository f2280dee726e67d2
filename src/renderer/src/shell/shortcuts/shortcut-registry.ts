/**
 * The one list of keyboard shortcuts: the frame and each view add theirs while they are shown, the
 * dispatcher binds them, and the help overlay (`?`) lists them, so the list can never drift from the keys.
 */

export interface Shortcut {
  /** Unique while registered, e.g. "frame.help" or "queue.moveUp". */
  id: string;
  /** Mantine hotkey strings, any of which runs it: "mod+=", "shift+?", "1". */
  hotkeys: readonly string[];
  /** What it does, as the help overlay says it: "Zoom in". */
  label: string;
  /** The heading it is listed under: "Navigation", "View", "Queue". */
  group: string;
  run: (event: KeyboardEvent) => void;
  /** The hotkeys the help lists, when not all of them (layout variants of the same keys). */
  shown?: readonly string[];
  /** Fires while typing in a field too (zoom does; single letters must not). */
  inFields?: boolean;
}

export interface ShortcutRegistry {
  /** Adds shortcuts; the answer removes exactly these again. */
  add: (shortcuts: readonly Shortcut[]) => () => void;
  list: () => readonly Shortcut[];
  subscribe: (listener: () => void) => () => void;
}

export function createShortcutRegistry(): ShortcutRegistry {
  let entries: readonly Shortcut[] = [];
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };
  return {
    add(shortcuts) {
      // A view shown twice (StrictMode, a remount) replaces its earlier entries instead of doubling them.
      const ids = new Set(shortcuts.map((s) => s.id));
      entries = [...entries.filter((entry) => !ids.has(entry.id)), ...shortcuts];
      changed();
      return () => {
        const before = entries.length;
        entries = entries.filter((entry) => !shortcuts.includes(entry));
        if (entries.length !== before) changed();
      };
    },
    list: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface ShortcutGroup {
  group: string;
  shortcuts: { id: string; label: string; keys: string[][] }[];
}

/** The help overlay's content: groups in first-registered order, each hotkey as the keys to press. */
export function shortcutHelp(entries: readonly Shortcut[], mac: boolean): ShortcutGroup[] {
  const groups = new Map<string, ShortcutGroup>();
  for (const entry of entries) {
    const group = groups.get(entry.group) ?? { group: entry.group, shortcuts: [] };
    groups.set(entry.group, group);
    group.shortcuts.push({
      id: entry.id,
      label: entry.label,
      // Alternatives that look alike on the keyboard ("?" and "shift+?") are listed once.
      keys: [
        ...new Map(
          (entry.shown ?? entry.hotkeys).map((h) => keysOfHotkey(h, mac)).map((k) => [k.join('+'), k]),
        ).values(),
      ],
    });
  }
  return [...groups.values()];
}

const keyNames: Record<string, string> = {
  '[plus]': '+',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  escape: 'Esc',
  enter: 'Enter',
  space: 'Space',
  home: 'Home',
  end: 'End',
};

/** "mod+shift+[plus]" → ["Ctrl", "Shift", "+"]; shift is left out before a key that needs it anyway ("?"). */
export function keysOfHotkey(hotkey: string, mac: boolean): string[] {
  const parts = hotkey.toLowerCase().split('+');
  const key = parts.at(-1) === '' ? '+' : (parts.at(-1) ?? '');
  const modifiers = parts.slice(0, -1).filter((part) => part !== '');
  const shiftedSymbol = /^[^a-z0-9]$/.test(key) && key !== '=' && key !== '-';
  const names = modifiers
    .filter((m) => !(m === 'shift' && shiftedSymbol))
    .map((m) => (m === 'mod' ? (mac ? '⌘' : 'Ctrl') : m === 'alt' ? (mac ? '⌥' : 'Alt') : capitalise(m)));
  return [...names, keyNames[key] ?? (key.length === 1 ? key.toUpperCase() : capitalise(key))];
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
