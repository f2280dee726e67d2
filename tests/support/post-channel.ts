/** `POST /api/<channel>` to a running host with its token, as scripts call it. */
import { request, type Agent } from 'node:http';
import type { RequestName } from '../../src/shared/contract';

/** The status and the body as it came, over `agent` when one is given (the benches keep sockets alive). */
export function postText(
  host: { port: number; token: string },
  channel: RequestName,
  payload: unknown,
  agent?: Agent,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${channel}`,
        method: 'POST',
        ...(agent ? { agent } : {}),
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

/** The status and the JSON body. */
export async function postChannel(
  host: { port: number; token: string },
  channel: RequestName,
  payload: unknown,
): Promise<{ status: number; body: unknown }> {
  const { status, text } = await postText(host, channel, payload);
  return { status, body: text === '' ? null : JSON.parse(text) };
}
