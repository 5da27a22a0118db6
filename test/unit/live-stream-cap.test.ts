import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { until } from '../../dev/api-client.js';
import { DeskStreams } from '../../src/desk/streams.js';
import { type HubOptions, LiveHub } from '../../src/live/hub.js';
import { STREAMS_PER_USER } from '../../src/live/stream-cap.js';
import type { LiveDelta, LiveSnapshot } from '../../src/live/types.js';
import { startLiveApp } from '../support/live-app.js';
import { openSse, type SseClient } from '../support/sse-client.js';

/** Opens `n` streams one after another (each has had its first event), so their age is their order. */
async function openStreams(n: number, url: string, headers: Record<string, string>, first: string) {
  const out: SseClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = await openSse(url, headers);
    if (c.status !== 200) throw new Error(`stream ${i}: ${c.status} ${c.body}`);
    await c.waitFor((e) => e.event === first, `${first} on stream ${i}`);
    out.push(c);
  }
  return out;
}

/** The server ends `s` (waits like SseClient.waitFor, so a stream left open fails instead of hanging). */
function closedBy(s: SseClient, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${what} was not closed`)), timeoutMs);
    void s.ended.then(() => {
      clearTimeout(timer);
      ok();
    });
  });
}

/** Every stream still gets what the server sends: a heartbeat written after this call. */
async function allLive(streams: SseClient[]) {
  const seen = streams.map((s) => s.comments.length);
  await Promise.all(streams.map((s, i) => s.waitForComment(() => s.comments.length > seen[i]!)));
}

t.test('live stream: one stream past a user’s cap closes their oldest, the rest stay live', async (t) => {
  const a = await startLiveApp({ hub: { flushMs: 20, heartbeatMs: 100 } });
  t.teardown(() => a.close());
  const cookie = await a.login();
  const url = `${a.url}/api/v1/live`;
  const streams = await openStreams(STREAMS_PER_USER, url, { cookie }, 'snapshot');
  t.teardown(() => {
    for (const s of streams) s.close();
  });
  // another person's streams do not count against this user's
  const other = await openStreams(1, url, { cookie: await a.createUser('sup1', 'supervisor') }, 'snapshot');
  t.teardown(() => other[0]!.close());

  const [oldest] = streams;
  let oldestEnded = false;
  void oldest!.ended.then(() => {
    oldestEnded = true;
  });
  await allLive(streams);
  t.notOk(oldestEnded, `${STREAMS_PER_USER} streams are allowed`);

  const newest = await openStreams(1, url, { cookie }, 'snapshot');
  streams.push(newest[0]!);
  await closedBy(oldest!, 'the oldest live stream');
  t.ok(
    oldest!.events.some((e) => e.event === 'evicted'),
    'the oldest is told why it closes',
  );
  await allLive([...streams.slice(1), other[0]!]);
  t.equal(streams.slice(1).length, STREAMS_PER_USER, 'the rest are live');
});

t.test('desk stream: one stream past a user’s cap closes their oldest, the rest stay live', async (t) => {
  const desk = new DeskStreams();
  const server = createServer((req, res) => {
    const user = new URL(req.url ?? '/', 'http://x').searchParams.get('user') ?? '1';
    desk.attach(
      res,
      '1001',
      [{ event: 'state', data: { n: 0 } }],
      { userId: Number(user), username: `u${user}`, role: 'agent' },
      { key: `user:${user}`, cap: STREAMS_PER_USER },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.teardown(() => {
    desk.stop();
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const streams = await openStreams(STREAMS_PER_USER + 1, `${url}?user=1`, {}, 'state');
  const other = await openStreams(1, `${url}?user=2`, {}, 'state');
  t.teardown(() => {
    for (const s of [...streams, ...other]) s.close();
  });
  await closedBy(streams[0]!, 'the oldest desk stream');
  t.ok(
    streams[0]!.events.some((e) => e.event === 'evicted'),
    'the oldest is told why it closes',
  );
  desk.send('1001', 'state', { n: 1 });
  for (const [i, s] of [...streams.slice(1), ...other].entries()) {
    await s.waitFor((e) => e.event === 'state' && e.data === '{"n":1}', `the event on stream ${i + 1}`);
  }
  t.notOk(
    streams[0]!.events.some((e) => e.data === '{"n":1}'),
    'the closed one got nothing more',
  );
});

/**
 * A hub over a source whose every delta is numbered (`n`) and padded to
 * `padBytes`, served on a local port (Last-Event-ID honoured); `n()` is the
 * last delta's number.
 */
async function paddedHub(t: Test, padBytes: number, opts: HubOptions) {
  const pad = 'x'.repeat(padBytes);
  let n = 0;
  const hub = new LiveHub(
    {
      snapshot: () => ({ serverTime: new Date().toISOString(), snapshot: true }) as unknown as LiveSnapshot,
      delta: () => ({ serverTime: new Date().toISOString(), n: ++n, pad }) as unknown as LiveDelta,
    },
    { heartbeatMs: 60_000, ...opts },
  );
  const server = createServer((req, res) =>
    hub.attach(res, req.headers['last-event-id'] as string | undefined),
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.teardown(() => {
    hub.stop();
    server.closeAllConnections();
    server.close();
  });
  return { hub, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, n: () => n };
}

t.test(
  'live stream: a client that stops reading is dropped with evicted (too slow), the others keep up',
  async (t) => {
    // deltas of 256 KiB: a stalled reader's kernel buffers fill after a few MiB, then the hub's queue grows
    const { hub, url, n } = await paddedHub(t, 256 * 1024, { maxQueuedBytes: 512 * 1024, bufferSize: 4 });
    // the stalled one: reads nothing after the headers
    const stalled = await new Promise<IncomingMessage>((ok) => get(url, (res) => ok(res.pause())));
    const reader = await openSse(url, {}, { keep: 2 });
    t.teardown(() => reader.close());
    await reader.waitFor((e) => e.event === 'snapshot', 'the reader’s snapshot');
    await until('both attached', async () => hub.clientCount === 2);
    for (let i = 0; i < 400 && hub.clientCount === 2; i++) {
      hub.flush();
      await reader.waitFor((e) => e.data.includes(`"n":${n()},`), `delta ${n()} at the reader`);
    }
    t.equal(hub.clientCount, 1, `the stalled client was dropped after ${n()} deltas, the reader kept`);
    let text = '';
    stalled.setEncoding('utf8');
    stalled.on('data', (c: string) => {
      text += c;
    });
    const ended = new Promise((ok) => stalled.on('close', ok));
    stalled.resume();
    await ended;
    t.match(text, /event: evicted\ndata: \{"reason":"too_slow"\}\n\n$/, 'its last event says why');
    hub.flush();
    await reader.waitFor((e) => e.data.includes(`"n":${n()},`), 'the reader gets the next delta');
  },
);

t.test(
  'live stream: the resume buffer is bounded in bytes too, a client beyond it gets a snapshot',
  async (t) => {
    const { hub, url, n } = await paddedHub(t, 10 * 1024, { bufferBytes: 50 * 1024 });
    const first = await openSse(url);
    const snap = await first.waitFor((e) => e.event === 'snapshot', 'the first snapshot');
    first.close();
    for (let i = 0; i < 20; i++) hub.flush(); // 20 deltas of 10 KiB: only the newest few fit in 50 KiB
    const late = await openSse(url, { 'last-event-id': snap.id! });
    t.teardown(() => late.close());
    await late.waitFor((e) => e.event === 'snapshot', 'a snapshot: what it missed is no longer kept');
    const recentId = hub.lastEventId.replace(/-\d+$/, `-${n() - 2}`);
    const recent = await openSse(url, { 'last-event-id': recentId });
    t.teardown(() => recent.close());
    await recent.waitFor((e) => e.data.includes(`"n":${n()},`), 'the last delta');
    t.same(
      recent.events.map((e) => e.event),
      ['delta', 'delta'],
      'a client two deltas behind gets those two, no snapshot',
    );
  },
);
