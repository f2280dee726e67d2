import type { AppInfo } from '../../../shared/contract';

export function createAppHandlers(info: AppInfo): { 'app.info': () => AppInfo } {
  return { 'app.info': () => info };
}
