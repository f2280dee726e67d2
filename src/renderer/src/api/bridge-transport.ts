/** The desktop app: the preload's window.dpgui, wrapped in the typed client. */
import type {
  DpguiClient,
  EventName,
  EventPayloadOf,
  RequestName,
  ResponseOf,
  SubscribeParamsArg,
} from '../../../shared/contract';
import type { DpguiBridge } from '../../../shared/contract/wire';
import { alwaysOpen, type Transport } from './transport';
import { unwrapResult } from './unwrap-result';

export function createBridgeTransport(bridge: DpguiBridge): Transport {
  const client: DpguiClient = {
    async request<C extends RequestName>(channel: C, payload: unknown) {
      return unwrapResult<ResponseOf<C>>(await bridge.request(channel, payload));
    },
    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayloadOf<E>) => void,
      ...[params]: SubscribeParamsArg<E>
    ) {
      return bridge.subscribe(event, listener as (payload: unknown) => void, params);
    },
  };
  return { kind: 'bridge', client, connection: alwaysOpen() };
}
