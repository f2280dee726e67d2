import { useEffect, useState } from 'react';
import type { RequestName, RequestOf, ResponseOf } from '../../../shared/contract';
import { useClient, useReconnects } from './client-context';

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * One request made when the component mounts, again when `reloadKey` changes, and again after the
 * connection to the host came back (what changed meanwhile was not pushed to this page).
 */
export function useRequest<C extends RequestName>(
  channel: C,
  payload: RequestOf<C>,
  reloadKey: unknown = null,
): Loaded<ResponseOf<C>> {
  const client = useClient();
  const reconnects = useReconnects();
  const [loaded, setLoaded] = useState<Loaded<ResponseOf<C>>>({ status: 'loading' });
  const payloadKey = JSON.stringify(payload);
  useEffect(() => {
    let live = true;
    client.request(channel, JSON.parse(payloadKey) as RequestOf<C>).then(
      (value) => live && setLoaded({ status: 'ready', value }),
      (error: unknown) => live && setLoaded({ status: 'error', message: (error as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [client, channel, payloadKey, reloadKey, reconnects]);
  return loaded;
}
