/**
 * Sends a newcomer to the setup: once per page load, when the app opens on the queue, trainers.list
 * says no trainer is set up, and the setup was not skipped in this browser. Renders nothing.
 */
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTrainers } from '../../settings/use-trainers';
import { shouldShowFirstStart } from './first-start-model';
import { firstStartSkipped } from './first-start-skip';

export function FirstStartGate() {
  const trainers = useTrainers();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const decided = useRef(false);
  useEffect(() => {
    if (decided.current || !trainers.data) return;
    decided.current = true;
    // Only from the landing: a shared link to a job or a view opens where it points.
    if (pathname === '/queue' && shouldShowFirstStart(trainers.data, firstStartSkipped()))
      void navigate({ to: '/setup', replace: true });
  }, [trainers.data, pathname, navigate]);
  return null;
}
