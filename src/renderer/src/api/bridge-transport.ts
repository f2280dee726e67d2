/** The desktop app: the preload's window.dpgui, wrapped in the typed client; files by dpgui-file URLs. */
import type {
  DpguiClient,
  EventName,
  EventPayloadOf,
  RequestName,
  ResponseOf,
  SubscribeParamsArg,
} from '../../../shared/contract';
import { fileRouteQuery, fileScheme, fileSchemeHost } from '../../../shared/contract/file-route';
import type { DpguiBridge } from '../../../shared/contract/wire';
import { blobOfFileAnswer } from './file-answer';
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
    // The desktop app serves the same routes as dpgui-file:// URLs (its CSP lets the page fetch them).
    async file(request) {
      return blobOfFileAnswer(await fetch(`${fileScheme}://${fileSchemeHost}/${fileRouteQuery(request)}`));
    },
  };
  return { kind: 'bridge', client, connection: alwaysOpen() };
}
