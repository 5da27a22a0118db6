/** One HTTP request to a test hotlined, as the API test apps send them. */

export interface HttpOptions {
  body?: unknown;
  /** A body sent as it is, with `contentType` (or the caller's default for raw bodies). */
  raw?: string | Buffer;
  contentType?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  /** The body parsed as JSON; null when it is empty or not JSON. */
  json: any;
}

/** `o.body` goes as JSON, `o.raw` as it is with `rawType` unless `o.contentType` says otherwise. */
export async function request(
  base: string,
  method: string,
  p: string,
  o: HttpOptions = {},
  rawType = 'application/octet-stream',
): Promise<HttpReply> {
  const headers: Record<string, string> = { ...o.headers };
  let body: string | Buffer | undefined;
  if (o.raw !== undefined) {
    body = o.raw;
    headers['content-type'] = o.contentType ?? rawType;
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = o.contentType ?? 'application/json';
  }
  if (o.cookie) headers.cookie = o.cookie;
  const res = await fetch(base + p, { method, headers, body: body as BodyInit | undefined });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, body: buf, text, json };
}
