/** Route components that hand a view what it needs from the frame: its params, app.info, settings. */
import { getRouteApi, lazyRouteComponent } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppInfo } from './app-info-context';
import { useSettingsState } from './settings-context';

const SettingsView = lazyRouteComponent(() => import('../settings/SettingsView'), 'SettingsView');
const JobView = lazyRouteComponent(() => import('../views/job/JobView'), 'JobView');
const FirstStartView = lazyRouteComponent(
  () => import('../views/first-start/FirstStartView'),
  'FirstStartView',
);

export function SettingsPage(): ReactNode {
  return <SettingsView settings={useSettingsState()} info={useAppInfo()} />;
}

export function FirstStartPage(): ReactNode {
  return <FirstStartView settings={useSettingsState()} />;
}

const jobRouteApi = getRouteApi('/jobs/$jobId');

export function JobPage(): ReactNode {
  // `select` with its own types: the registered route tree's params come out as any here (a type
  // cycle through the tree), and a job id is a string in any case.
  const jobId = jobRouteApi.useParams({ select: (params: { jobId: string }): string => params.jobId });
  // Keyed: another job's page starts fresh instead of showing the last job's state meanwhile.
  return <JobView key={jobId} jobId={jobId} />;
}
