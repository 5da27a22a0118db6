/**
 * The box as hotlined builds it (test/support/box.ts) for the customers API
 * tests: a real SQLite file and an AMI that is never connected.
 */
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from './box.js';
import { type HttpOptions, request } from './http.js';

export interface Reply {
  status: number;
  json: any;
}

/** `allowLocal`: the webhook may reach the fake CRM on 127.0.0.1 (settings: customers.webhookAllowLocal). */
export async function startCustomersApp(
  t: { teardown(fn: () => unknown): void },
  opts: { allowLocal?: boolean } = {},
) {
  const box = await startTestBox({
    settings: (s) => {
      s.customers = { webhookAllowLocal: opts.allowLocal ?? false };
    },
  });
  t.teardown(box.close);
  const { url, admin, hotline } = box;

  // as the admin unless told; a body that is not JSON (a CSV export) comes back as its text
  const call = async (method: string, p: string, o: HttpOptions = {}): Promise<Reply> => {
    const r = await request(url, method, p, { ...o, cookie: o.cookie ?? adminCookie }, 'text/csv');
    return { status: r.status, json: r.json === null && r.text && r.text !== 'null' ? r.text : r.json };
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
