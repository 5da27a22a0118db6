/**
 * A minimal Server-Sent Events reader on node:http, parsing the stream the
 * way the WHATWG EventSource does (id/event/data fields, `:` comments,
 * blank line ends an event), for tests and bench/live. Separate from the
 * code under test on purpose.
 */
import http from 'node:http';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.timeOrigin + performance.now() when the event's last byte arrived. */
  receivedAt: number;
}

export interface SseClient {
  status: number;
  /** The body when the server answered with something other than a stream (401 JSON). */
  body: string;
  events: SseEvent[];
  comments: string[];
  onEvent(fn: (e: SseEvent) => void): void;
  waitFor(pred: (e: SseEvent) => boolean, what: string, timeoutMs?: number): Promise<SseEvent>;
  waitForComment(pred: (c: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export const nowMs = () => performance.timeOrigin + performance.now();

/**
 * `keep`: events retained in `events` (the newest); a bench's hundreds of
 * clients would otherwise hold every event they ever got.
 */
export function openSse(
  url: string,
  headers: Record<string, string> = {},
  opts: { keep?: number } = {},
): Promise<SseClient> {
  const keep = opts.keep ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const listeners: ((e: SseEvent) => void)[] = [];
      const commentListeners: ((c: string) => void)[] = [];
      let buf = '';
      let body = '';
      const isStream = (res.headers['content-type'] ?? '').startsWith('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!isStream) {
          body += chunk;
          return;
        }
        buf += chunk;
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const e: SseEvent = { id: undefined, event: 'message', data: '', receivedAt: nowMs() };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              comments.push(line.slice(1).trim());
              for (const fn of commentListeners) fn(line.slice(1).trim());
              continue;
            }
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'id') e.id = value;
            else if (field === 'event') e.event = value;
            else if (field === 'data') {
              e.data += (hasData ? '\n' : '') + value;
              hasData = true;
            }
          }
          if (!hasData) continue;
          events.push(e);
          if (events.length > keep) events.splice(0, events.length - keep);
          for (const fn of listeners) fn(e);
        }
      });
      const ended = new Promise<void>((ok) => res.on('close', () => ok()));
      const client: SseClient = {
        status: res.statusCode ?? 0,
        ended,
        get body() {
          return body;
        },
        events,
        comments,
        onEvent: (fn) => listeners.push(fn),
        waitFor(pred, what, timeoutMs = 5000) {
          const hit = events.find(pred);
          if (hit) return Promise.resolve(hit);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`timed out waiting for ${what}`)), timeoutMs);
            listeners.push((e) => {
              if (!pred(e)) return;
              clearTimeout(timer);
              ok(e);
            });
          });
        },
        waitForComment(pred, timeoutMs = 5000) {
          const hit = comments.find(pred);
          if (hit !== undefined) return Promise.resolve(hit);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error('timed out waiting for a comment')), timeoutMs);
            commentListeners.push((c) => {
              if (!pred(c)) return;
              clearTimeout(timer);
              ok(c);
            });
          });
        },
        close: () => req.destroy(),
      };
      if (isStream) resolve(client);
      else res.on('end', () => resolve(client));
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
