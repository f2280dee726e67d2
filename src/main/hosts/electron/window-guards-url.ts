/** Only http(s) links may leave the app, to the user's browser: never file:, javascript: or custom schemes. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
