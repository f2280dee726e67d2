import { describe, expect, it, vi } from 'vitest';
import { createShortcutRegistry, keysOfHotkey, shortcutHelp, type Shortcut } from './shortcut-registry';

const shortcut = (id: string, group: string, hotkeys: string[] = ['x']): Shortcut => ({
  id,
  group,
  hotkeys,
  label: id,
  run: () => {},
});

describe('the shortcut registry', () => {
  it('lists what views add while they are shown, and forgets it when they go', () => {
    const registry = createShortcutRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    registry.add([shortcut('frame.help', 'General')]);
    const removeQueue = registry.add([shortcut('queue.up', 'Queue'), shortcut('queue.down', 'Queue')]);
    expect(registry.list().map((s) => s.id)).toEqual(['frame.help', 'queue.up', 'queue.down']);
    removeQueue();
    expect(registry.list().map((s) => s.id)).toEqual(['frame.help']);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('replaces a view registered twice instead of listing its keys twice', () => {
    const registry = createShortcutRegistry();
    const first = registry.add([shortcut('queue.up', 'Queue')]);
    registry.add([shortcut('queue.up', 'Queue')]);
    first(); // the first mount's cleanup must not remove the second's entry
    expect(registry.list()).toHaveLength(1);
  });

  it('groups the help by heading, in the order the groups first appeared', () => {
    const help = shortcutHelp(
      [
        shortcut('a', 'Navigation', ['1']),
        shortcut('h', 'General', ['shift+?', '?']),
        shortcut('b', 'View', ['mod+=']),
        shortcut('c', 'Navigation', ['2']),
      ],
      false,
    );
    expect(help.map((g) => [g.group, g.shortcuts.map((s) => s.id)])).toEqual([
      ['Navigation', ['a', 'c']],
      ['General', ['h']],
      ['View', ['b']],
    ]);
    expect(help[1]?.shortcuts[0]?.keys).toEqual([['?']]);
    expect(help[2]?.shortcuts[0]?.keys).toEqual([['Ctrl', '=']]);
    const zoomIn = { ...shortcut('z', 'Zoom', ['mod+=', 'mod+shift+[plus]']), shown: ['mod+='] };
    expect(shortcutHelp([zoomIn], false)[0]?.shortcuts[0]?.keys).toEqual([['Ctrl', '=']]);
  });

  it('names keys as they are printed on the keyboard, per platform', () => {
    expect(keysOfHotkey('shift+?', false)).toEqual(['?']);
    expect(keysOfHotkey('mod+-', false)).toEqual(['Ctrl', '-']);
    expect(keysOfHotkey('mod+shift+[plus]', true)).toEqual(['⌘', 'Shift', '+']);
    expect(keysOfHotkey('alt+arrowup', false)).toEqual(['Alt', '↑']);
    expect(keysOfHotkey('g', false)).toEqual(['G']);
  });
});
