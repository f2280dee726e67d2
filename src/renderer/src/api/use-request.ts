import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { RequestName, RequestOf, ResponseOf } from '../../../shared/contract';
import { liveRequest, useLive } from './live-state';
import { liveKey } from './live-state/live-spec';

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * One request's answer, read when first used, again when `reloadKey` changes, and again after the
 * connection to the host came back (a live query without events: see live-state/).
 */
export function useRequest<C extends RequestName>(
  channel: C,
  payload: RequestOf<C>,
  reloadKey: unknown = null,
): Loaded<ResponseOf<C>> {
  const spec = liveRequest(channel, payload);
  const live = useLive(spec);
  const queryClient = useQueryClient();
  const firstKey = useRef(reloadKey);
  const keyText = JSON.stringify(liveKey(spec));
  useEffect(() => {
    if (Object.is(firstKey.current, reloadKey)) return;
    firstKey.current = reloadKey;
    void queryClient.invalidateQueries({ queryKey: JSON.parse(keyText) as unknown[], exact: true });
  }, [queryClient, keyText, reloadKey]);
  if (live.data !== undefined) return { status: 'ready', value: live.data };
  if (live.error !== null) return { status: 'error', message: live.error };
  return { status: 'loading' };
}
