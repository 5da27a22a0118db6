import { sign } from '../../src/notify/signature.js';

/**
 * POSTs an event to /api/v1/events as a business system would: signed with
 * the integration's secret (tests change the secret, time, id or raw text).
 */
export function postEvent(
  baseUrl: string,
  integration: { id: number; secret: string },
  body: unknown,
  opts: { secret?: string; at?: number; id?: number; raw?: string } = {},
): Promise<Response> {
  const text = opts.raw ?? JSON.stringify(body);
  return fetch(`${baseUrl}/api/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hotline-integration': String(opts.id ?? integration.id),
      'x-hotline-signature': sign(opts.secret ?? integration.secret, text, opts.at ?? Date.now()),
    },
    body: text,
  });
}
