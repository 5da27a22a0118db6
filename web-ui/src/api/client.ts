/**
 * The one way the console talks to hotlined: JSON over fetch with the session
 * cookie. Errors arrive as `{ error: { code, message, field } }` (the message
 * in the console's language) and become ApiError so forms can put the message
 * on the field the API named.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** Called on any 401 so the app can go back to the login page. */
let onUnauthorized: (() => void) | null = null;
export const setUnauthorizedHandler = (fn: (() => void) | null) => {
  onUnauthorized = fn;
};

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(
  method: string,
  path: string,
  opts: { body?: unknown; query?: Query; raw?: { data: Blob | string; type: string } } = {},
): Promise<T> {
  // The console's language (set on <html> by i18n), so error messages come back in it.
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': document.documentElement.lang || 'zh-CN',
  };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(withQuery(`/api/v1${path}`, opts.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized?.();
    throw new ApiError(res.status, e?.code ?? 'http', e?.message ?? res.statusText, e?.field);
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown, query?: Query) => api<T>('POST', path, { body, query });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = (path: string) => api<void>('DELETE', path);

/** A page of records; some lists (outbound routes) answer all rows at once. */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * A hotlined record (a type from its src/) as the API sends it: the server's
 * JSON replacer writes the stores' epoch-millisecond createdAt/updatedAt as ISO 8601.
 */
export type Sent<T> = { [K in keyof T]: K extends 'createdAt' | 'updatedAt' ? string : T[K] };
