/** trainers.list, read again whenever the settings change (a path set here or by another client). */
import type { TrainersList } from '../../../shared/contract';
import { liveRequest, on, useLive, type Live } from '../api/live-state';

export const trainersSpec = liveRequest('trainers.list', {}, [
  on<TrainersList, 'settings.changed'>('settings.changed', () => 'refetch'),
]);

export function useTrainers(): Live<TrainersList> {
  return useLive(trainersSpec);
}
