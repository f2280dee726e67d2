/**
 * A shared link (`#/jobs/<id>`) opened in a tab that has no key yet shows "open DPGui with its link";
 * the route it named is kept for this tab, and once the launch link (`#token=…`) is opened the tab
 * lands there instead of on the queue.
 */
export const landingRouteKey = 'dpgui.landingRoute';

/** The route a fragment names ("#/jobs/j-1" → "/jobs/j-1"), or null for none or a key. */
export function routeOfHash(hash: string): string | null {
  const route = hash.replace(/^#/, '');
  return route.startsWith('/') && route.length > 1 ? route : null;
}

/** Where to go once the app starts: the kept route, if the address names none of its own. */
export function landingRoute(currentHash: string, kept: string | null): string | null {
  if (routeOfHash(currentHash) !== null) return null;
  return kept !== null && routeOfHash(`#${kept}`) !== null ? kept : null;
}
