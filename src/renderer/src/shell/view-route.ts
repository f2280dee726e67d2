/**
 * The current view lives in the address bar's fragment (`#/settings`), so a reload or a shared link
 * opens the same view. The `#token=…` fragment of a launch link is read and removed before this.
 */
import { views, type ViewId } from './navigation';

export const defaultView: ViewId = 'queue';

export function viewFromHash(hash: string): ViewId {
  const name = hash.replace(/^#\/?/, '');
  return views.find((view) => view.id === name)?.id ?? defaultView;
}

export function hashOfView(view: ViewId): string {
  return `#/${view}`;
}
