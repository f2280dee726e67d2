/** One contract channel called over HTTP from a Playwright test, as a script would: 200 or the test fails. */
import { expect, type APIRequestContext } from '@playwright/test';
import type { RunningHost } from './launch-headless-host';

export async function callApi(
  request: APIRequestContext,
  host: Pick<RunningHost, 'origin' | 'token'>,
  channel: string,
  data: object,
): Promise<Record<string, unknown>> {
  const answer = await request.post(`${host.origin}/api/${channel}`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data,
  });
  expect(answer.status(), `${channel}: ${await answer.text()}`).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}
