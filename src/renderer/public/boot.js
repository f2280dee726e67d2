// Runs before the first paint (a blocking script in <head>, allowed by the CSP as a file of the app's
// own): applies the remembered colour scheme and zoom, so the window never flashes white or jumps in
// size while React starts. Keys: shell/color-scheme.ts and shell/zoom.ts.
/* global window, document */
(function () {
  var root = document.documentElement;
  var scheme = null;
  var zoom = null;
  try {
    scheme = window.localStorage.getItem('dpgui.colorScheme');
    zoom = Number(window.localStorage.getItem('dpgui.zoom'));
  } catch {
    // Storage may be disabled: the defaults below apply.
  }
  if (scheme !== 'light' && scheme !== 'dark') {
    scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  root.setAttribute('data-mantine-color-scheme', scheme);
  root.style.colorScheme = scheme;
  if (zoom >= 0.5 && zoom <= 3) root.style.fontSize = zoom * 100 + '%';
})();
