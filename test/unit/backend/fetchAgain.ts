/** A backend's page fetching itself again, as the client does (shared by the backend suites). */
import * as assert from 'node:assert/strict';
import { PAGE_HEADER, type BackendPageUpdate } from '../../../src/core/live/protocol';
import { request } from '../helpers';

/** The token a backend's page carries (absent on a POST's answer). */
export const tokenOf = (html: string) => /data-page="([^"]+)"/.exec(html)?.[1];

/** A page fetching itself again, as the client does. */
export async function again(
  port: number,
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<BackendPageUpdate & { cookies?: string[] }> {
  const reply = await request(port, url, {
    headers: { [PAGE_HEADER]: token, 'X-Ferrox-Live': 'off', 'Sec-Fetch-Site': 'same-origin', ...headers },
  });
  assert.equal(reply.status, 200, reply.text);
  return { ...JSON.parse(reply.text), cookies: reply.headers['set-cookie'] };
}
