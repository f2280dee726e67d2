/**
 * The colour scheme is the host's setting (settings.colorScheme, shared by every window and client),
 * mirrored in this browser's localStorage so that public/boot.js can apply it before the first paint.
 */
import { localStorageColorSchemeManager } from '@mantine/core';

/** public/boot.js reads the same key. */
export const colorSchemeStorageKey = 'dpgui.colorScheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: colorSchemeStorageKey });
