/**
 * Where the renderer is loaded from, and the check that an IPC message comes from there: the app://
 * protocol in a built app, the electron-vite dev server in development. URLs are parsed, never
 * compared as string prefixes ("app://dpgui.evil" must not pass for "app://dpgui").
 */
export const appScheme = 'app';
export const appHost = 'dpgui';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

export function allowedRendererOrigins(devServerUrl: string | undefined): string[] {
  const origins = [originOf(appEntryUrl)];
  if (devServerUrl) {
    const dev = originOf(devServerUrl);
    if (dev) origins.push(dev);
  }
  return origins.filter((o): o is string => o !== null);
}

/** scheme://host[:port], also for custom schemes (whose WHATWG `origin` is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSenderUrl(url: string | undefined, allowed: readonly string[]): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return origin !== null && allowed.includes(origin);
}
