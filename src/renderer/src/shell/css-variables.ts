import type { CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's "dimmed" text (gray-6 on white, dark-2 on dark-7) is below WCAG AA's 4.5:1 for small text;
 * one shade stronger in each scheme passes, so every view's secondary text stays readable (axe-clean).
 * The same holds for red, yellow and orange text on white (an error or a warning under a field): red 9
 * passes; no yellow or orange shade does (orange 9 is 4.3:1), so warnings take a darker amber (5.4:1).
 */
const warningOnLight = '#a65300';

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-red-text': 'var(--mantine-color-red-9)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-yellow-text': warningOnLight,
    '--mantine-color-orange-text': warningOnLight,
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
