import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Indigo 6 on white is under 4.5:1 for small text (links); 7 passes. On dark, white text on a filled
  // indigo 5 button is 3.7:1; 7 passes (links on dark use indigo 4 whatever the shade).
  primaryShade: { light: 7, dark: 7 },
  // Modals and menus appear without animation for users who asked their system for less motion.
  respectReducedMotion: true,
  defaultRadius: 'sm',
});
