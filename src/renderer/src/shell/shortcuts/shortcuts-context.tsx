/**
 * Binds the registry's shortcuts to the keyboard (Mantine's useHotkeys, one listener for the app) and
 * lets any view add its own with `useShortcuts` while it is shown.
 */
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createShortcutRegistry, type Shortcut, type ShortcutRegistry } from './shortcut-registry';

const RegistryContext = createContext<ShortcutRegistry | null>(null);

function useRegistry(): ShortcutRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useShortcuts outside ShortcutsProvider');
  return registry;
}

export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(createShortcutRegistry);
  return (
    <RegistryContext.Provider value={registry}>
      <KeyboardDispatcher registry={registry} />
      {children}
    </RegistryContext.Provider>
  );
}

function hotkeyItems(entries: readonly Shortcut[]): HotkeyItem[] {
  return entries.flatMap((entry) => entry.hotkeys.map((hotkey): HotkeyItem => [hotkey, (e) => entry.run(e)]));
}

function KeyboardDispatcher({ registry }: { registry: ShortcutRegistry }) {
  const entries = useSyncExternalStore(registry.subscribe, registry.list);
  // Single keys must not fire while the user types; zoom and the like do.
  useHotkeys(hotkeyItems(entries.filter((entry) => !entry.inFields)));
  useHotkeys(hotkeyItems(entries.filter((entry) => entry.inFields)), []);
  return null;
}

/**
 * Adds these shortcuts while the calling component is mounted. Pass a stable array (useMemo) or the
 * registry is updated on every render.
 */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const registry = useRegistry();
  useEffect(() => registry.add(shortcuts), [registry, shortcuts]);
}

/** The registered shortcuts, for the help overlay. */
export function useShortcutList(): readonly Shortcut[] {
  const registry = useRegistry();
  return useSyncExternalStore(registry.subscribe, registry.list);
}
