import type { CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's "dimmed" text (gray-6 on white, dark-2 on dark-7) is below WCAG AA's 4.5:1 for small text;
 * one shade stronger in each scheme passes, so every view's secondary text stays readable (axe-clean).
 * The same holds for red and yellow text on white (an error or a warning under a field): red 9 and
 * yellow 9 pass where Mantine's red 6 / yellow 6 do not.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-red-text': 'var(--mantine-color-red-9)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-yellow-text': 'var(--mantine-color-yellow-9)',
    '--mantine-color-orange-text': 'var(--mantine-color-orange-9)',
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
