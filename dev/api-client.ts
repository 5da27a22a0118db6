import { randomBytes } from 'node:crypto';
/** A small API client for tests: logs in once and keeps the session cookie. */
export interface Api {
  base: string;
  req(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string): Promise<any>;
  /** POSTs `body` and returns the answer's body; throws unless the status is `status`. */
  post(path: string, body: unknown, status?: number): Promise<any>;
  /** The raw response (downloads), with the same credentials (and any extra request headers). */
  fetch(path: string, signal?: AbortSignal, extraHeaders?: Record<string, string>): Promise<Response>;
}

export async function login(base: string, username: string, password: string): Promise<Api> {
  return anonymous(base, { cookie: await loginCookie(base, username, password) });
}

/**
 * The first login of a generated first admin: its password is a temporary
 * one, so the session sets a new random one first (as the console makes a
 * person do). The session stays logged in; the new password is returned.
 */
export async function firstLogin(
  base: string,
  admin: { username: string; password: string },
): Promise<{ api: Api; password: string }> {
  const api = await login(base, admin.username, admin.password);
  const password = randomBytes(18).toString('base64url');
  await api.post('/api/v1/auth/password', { currentPassword: admin.password, newPassword: password }, 200);
  return { api, password };
}

/** Logs in; the session cookie (`name=value`). */
export async function loginCookie(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export function anonymous(base: string, headers: Record<string, string> = {}): Api {
  const req: Api['req'] = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    base,
    req,
    fetch: (path, signal, extraHeaders) =>
      fetch(`${base}${path}`, { headers: { ...headers, ...extraHeaders }, signal }),
    async get(path) {
      const r = await req('GET', path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async post(path, body, status = 201) {
      const r = await req('POST', path, body);
      if (r.status !== status) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}

/** Polls `fn` until it returns a truthy value or the time is up. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
