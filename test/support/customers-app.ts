/**
 * The box as hotlined builds it (test/support/box.ts) for the customers API
 * tests: a real SQLite file and an AMI that is never connected.
 */
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from './box.js';

export interface Reply {
  status: number;
  json: any;
}

export async function startCustomersApp(t: { teardown(fn: () => unknown): void }) {
  const box = await startTestBox();
  t.teardown(box.close);
  const { url, admin, hotline } = box;

  const call = async (
    method: string,
    p: string,
    o: { body?: unknown; raw?: string | Buffer; contentType?: string; cookie?: string } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = {};
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'text/csv';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    headers.cookie = o.cookie ?? adminCookie;
    const res = await fetch(url + p, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const login = (username: string, password: string) => loginCookie(url, username, password);
  let adminCookie = '';
  adminCookie = await login(admin.username, admin.password);
  const userCookie = async (username: string, role: 'supervisor' | 'agent') => {
    const password = 'correct horse battery';
    const r = await call('POST', '/api/v1/users', { body: { username, role, password } });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${JSON.stringify(r.json)}`);
    return login(username, password);
  };

  return { url, db: hotline.db, call, adminCookie, userCookie, customers: hotline.services.customers };
}
