/**
 * Soak: the demo call center of ./scripts/start (two queues behind the
 * welcome menu, four agents on auto-answering rig phones, every queued call
 * recorded) under steady generated traffic for a set time, with wallboard
 * streams open, watching hotlined for what a leak or a stall shows in.
 *
 *   HOTLINE_RIG_ROOT=... node dist/bench/soak.js [--minutes 30] [--warmup-minutes M]
 *       [--report-minutes 5] [--clients 50] [--smoke]
 *
 * The rig's carrier calls the demo hotline about every 4 s (a Poisson
 * process, at most 10 calls at once); callers press 1 or 2, some hang up in
 * the menu or the queue, the others talk with an agent and hang up. Half the
 * wallboard streams run on the admin's wallboard tokens, half on a
 * supervisor's (a person's wallboards are capped at 32 streams).
 *
 * Every 10 s it reads GET /api/v1/system/metrics; it prints a line at the
 * start, every --report-minutes and at the end: hotlined's RSS and heap,
 * open file descriptors, the AMI and ARI adapters' and the bus's listeners,
 * event-loop lag p99 (last 10 s window), WAL size, calls completed and
 * failed. Then a verdict: RSS growth from the end of warm-up ≤ 10 %, open
 * fds within ±3 and listener counts unchanged from the end of warm-up,
 * event-loop lag p99 over the run ≤ 20 ms, no failed call, no stream lost.
 * A failed call: the box did not answer it, or hung up on the caller.
 * --smoke: 20 s, short calls, for ./scripts/test (figures printed, the
 * verdict too, but only a crash fails it).
 */
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type Api, login, until } from '../dev/api-client.js';
import { DEMO_24H_DID, devApi, ensureDemoRouting, ensureDemoSeats } from '../dev/demo.js';
import { carrierCallOutcome, rigAmi } from '../dev/rig-calls.js';
import { startStack } from '../dev/stack.js';
import type { ProcessMetrics } from '../src/system/metrics.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'warmup-minutes': { type: 'string' },
    'report-minutes': { type: 'string', default: '5' },
    clients: { type: 'string', default: '50' },
    smoke: { type: 'boolean', default: false },
  },
});
const SMOKE = values.smoke;
const RUN_MS = (SMOKE ? 20 / 60 : Number(values.minutes)) * 60_000;
const WARMUP_MS = values['warmup-minutes']
  ? Number(values['warmup-minutes']) * 60_000
  : Math.min(3 * 60_000, Math.max(5000, RUN_MS / 10));
const REPORT_MS = SMOKE ? 10_000 : Number(values['report-minutes']) * 60_000;
const CLIENTS = Number(values.clients);
const POLL_MS = 10_000;
const MEAN_GAP_MS = SMOKE ? 2000 : 4000;
const MAX_CALLS = 10;
/** Allowed drift of open fds between the end of warm-up and the end: calls open and close sockets. */
const FDS_SLACK = 3;

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const listeners = (m: ProcessMetrics) => ({
  ami: m.ami.eventListeners + m.ami.stateListeners + m.ami.socketListeners,
  ari: m.ari.eventListeners + m.ari.stateListeners + m.ari.socketListeners,
  bus: m.busListeners,
});

/** A wallboard that reads and counts what it gets; no parsing beyond the event names. */
function wallboardStream(url: string) {
  const s = { deltas: 0, bytes: 0, ended: false, evicted: false, close: () => {} };
  const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      s.bytes += chunk.length;
      for (let i = chunk.indexOf('event: delta'); i >= 0; i = chunk.indexOf('event: delta', i + 1))
        s.deltas++;
      if (chunk.includes('event: evicted')) s.evicted = true;
    });
    res.on('close', () => {
      s.ended = true;
    });
  });
  req.on('error', () => {
    s.ended = true;
  });
  s.close = () => req.destroy();
  return s;
}

async function wallboardToken(api: Api): Promise<string> {
  const made = await api.post('/api/v1/auth/tokens', { name: 'soak wallboard', scope: 'wallboard' });
  return made.secret as string;
}

/** Calls from the carrier at random gaps until stopped; each call's outcome is tallied. */
function traffic(carrierAmi: Awaited<ReturnType<typeof rigAmi>>) {
  const tally = { placed: 0, completed: 0, failed: 0, inProgress: 0, reasons: new Map<string, number>() };
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const fail = (why: string) => {
    tally.failed++;
    tally.reasons.set(why, (tally.reasons.get(why) ?? 0) + 1);
  };
  const place = () => {
    if (stopped) return;
    if (tally.inProgress < MAX_CALLS) {
      const abandons = Math.random() < 0.15;
      const seconds = SMOKE
        ? 6 + Math.floor(Math.random() * 4)
        : abandons
          ? 6 + Math.floor(Math.random() * 8)
          : 15 + Math.floor(Math.random() * 20);
      tally.placed++;
      tally.inProgress++;
      const call = carrierCallOutcome(
        carrierAmi,
        {
          did: DEMO_24H_DID,
          callerId: `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
          dtmf: Math.random() < 0.5 ? '1' : '2',
          dtmfDelay: 3,
          seconds,
          talkAudio: true,
        },
        10 * 60_000,
      )
        .then((o) => {
          if (o.result !== 'answered') fail(o.result);
          else if (o.hungUpBy === 'box') fail(`hung up by the box (${o.cause})`);
          else tally.completed++;
        })
        .catch((err: Error) => fail(err.message))
        .finally(() => {
          tally.inProgress--;
          running.delete(call);
        });
      running.add(call);
    }
    timer = setTimeout(place, Math.round(-Math.log(1 - Math.random()) * MEAN_GAP_MS));
  };
  place();
  return {
    tally,
    /** No new calls; resolves when the calls in progress have ended. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}

async function main() {
  const stack = await startStack({ logLevel: 'warn' });
  const streams: ReturnType<typeof wallboardStream>[] = [];
  try {
    const base = stack.hotlined.url;
    const api = await devApi(base, stack.dataDir, stack.admin);
    const seats = await ensureDemoSeats(api, stack.dataDir);
    await stack.startPhones(seats);
    const carrier = await stack.startCarrier();
    await ensureDemoRouting(api, carrier.ports.sip);
    await until(
      'demo phones registered',
      async () =>
        (
          (await api.get('/api/v1/seats?limit=500')).items as { registration: { registered: boolean } }[]
        ).every((s) => s.registration.registered),
      120_000,
    );
    const admin = await login(base, stack.admin.username, stack.admin.password);
    await admin.post('/api/v1/users', {
      username: 'soak-sup',
      role: 'supervisor',
      password: 'soak supervisor pw 1',
    });
    const supervisor = await login(base, 'soak-sup', 'soak supervisor pw 1');
    const tokens = [await wallboardToken(admin), await wallboardToken(supervisor)];
    for (let i = 0; i < CLIENTS; i++)
      streams.push(wallboardStream(`${base}/api/v1/live?token=${tokens[i % 2]}`));

    const carrierAmi = await rigAmi(carrier);
    const metrics = async () => (await api.get('/api/v1/system/metrics')) as ProcessMetrics;
    const t0 = Date.now();
    const gen = traffic(carrierAmi);
    const windows: { at: number; p99: number }[] = [];
    const line = (label: string, m: ProcessMetrics) => {
      const l = listeners(m);
      const t = gen.tally;
      process.stdout.write(
        `${label.padEnd(9)} rss ${mb(m.memory.rssBytes)} heap ${mb(m.memory.heapUsedBytes)}/${mb(m.memory.heapTotalBytes)} ` +
          `fds ${m.openFds} listeners ami ${l.ami} ari ${l.ari} bus ${l.bus} streams ${m.streams} ` +
          `loop p99 ${m.eventLoopLag.p99Ms} ms wal ${mb(m.walBytes)} ` +
          `calls ${t.completed} completed ${t.failed} failed ${t.inProgress} in progress  load ${load()}\n`,
      );
    };
    process.stdout.write(
      `# bench/soak: ${clock(RUN_MS)} (warm-up ${clock(WARMUP_MS)}), ${CLIENTS} wallboard streams, ` +
        `a call every ~${MEAN_GAP_MS / 1000} s, node ${process.version}, ${cpus().length} cores, load ${load()}\n`,
    );
    line('t=0:00', await metrics());
    let warm: ProcessMetrics | undefined;
    let nextReport = REPORT_MS;
    let last: ProcessMetrics;
    for (;;) {
      const elapsed = Date.now() - t0;
      const wait = Math.min(POLL_MS, RUN_MS - elapsed);
      if (wait <= 0) break;
      await new Promise((r) => setTimeout(r, wait));
      const now = Date.now() - t0;
      last = await metrics();
      windows.push({ at: now, p99: last.eventLoopLag.p99Ms });
      if (!warm && now >= WARMUP_MS) {
        warm = last;
        line('warm', warm);
      }
      if (now >= nextReport && now < RUN_MS) {
        line(`t=${clock(now)}`, last);
        nextReport += REPORT_MS;
      }
    }
    const end = await metrics();
    line(`t=${clock(Date.now() - t0)}`, end);
    const lostStreams = streams.filter((s) => s.ended || s.evicted).length;
    const deltas = streams.map((s) => s.deltas).sort((a, b) => a - b);
    await gen.stop();
    const drained = await metrics();
    line('drained', drained);

    warm ??= end;
    const t = gen.tally;
    const growth = ((end.memory.rssBytes - warm.memory.rssBytes) / warm.memory.rssBytes) * 100;
    const [lw, le] = [listeners(warm), listeners(end)];
    const listenersFlat = lw.ami === le.ami && lw.ari === le.ari && lw.bus === le.bus;
    const fdsFlat = Math.abs((end.openFds ?? 0) - (warm.openFds ?? 0)) <= FDS_SLACK;
    const lag = end.eventLoopLag.sinceStart.p99Ms;
    const afterWarm = windows.filter((w) => w.at >= WARMUP_MS).map((w) => w.p99);
    const worst = afterWarm.length ? Math.max(...afterWarm) : Number.NaN;
    const checks = [growth <= 10, fdsFlat, listenersFlat, lag <= 20, t.failed === 0, lostStreams === 0];
    process.stdout.write(
      `calls placed ${t.placed}: ${t.completed} completed, ${t.failed} failed` +
        `${t.reasons.size ? ` (${[...t.reasons].map(([r, n]) => `${n} ${r}`).join(', ')})` : ''}; ` +
        `wallboard streams: ${lostStreams} lost, deltas per stream ${deltas[0]}–${deltas.at(-1)}\n` +
        `verdict: ${checks.every(Boolean) ? 'PASS' : 'FAIL'}  rss ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % after warm-up (≤ 10 %), ` +
        `fds ${warm.openFds} → ${end.openFds} (±${FDS_SLACK}), ` +
        `listeners ami ${lw.ami} → ${le.ami} ari ${lw.ari} → ${le.ari} bus ${lw.bus} → ${le.bus} (${listenersFlat ? 'flat' : 'CHANGED'}), ` +
        `loop lag p99 ${lag} ms over the run (≤ 20 ms; worst 10-s window ${worst} ms), ${t.failed} failed calls, load ${load()}\n`,
    );
    await carrierAmi.stop();
  } finally {
    for (const s of streams) s.close();
    await stack.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench/soak failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
