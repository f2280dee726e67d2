/** `POST /api/<channel>` to a running host with its token, as scripts call it: the status and the JSON body. */
import { request } from 'node:http';
import type { RequestName } from '../../src/shared/contract';

export function postChannel(
  host: { port: number; token: string },
  channel: RequestName,
  payload: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${channel}`,
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
