/**
 * app.info, asked once for the whole frame: what runs the app (desktop or `dpgui serve`), its data
 * folder, and the host's capabilities. Views read capabilities from here and never guess the host.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { useRequest, type Loaded } from '../api/use-request';

const AppInfoContext = createContext<Loaded<AppInfo>>({ status: 'loading' });

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const info = useRequest('app.info', {});
  return <AppInfoContext.Provider value={info}>{children}</AppInfoContext.Provider>;
}

export function useAppInfo(): Loaded<AppInfo> {
  return useContext(AppInfoContext);
}

/** null until app.info answered: show nothing that depends on it rather than guess. */
export function useHostCapabilities(): AppInfo['capabilities'] | null {
  const info = useAppInfo();
  return info.status === 'ready' ? info.value.capabilities : null;
}
