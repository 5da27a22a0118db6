/**
 * Live stream latency: from an AMI queue event leaving an AMI server to an
 * SSE client receiving the delta that shows it.
 *
 *   node dist/bench/live.js [seconds per rate=10] [clients=50] [rates=50,500]
 *
 * A local server speaking AMI (test/support/fake-ami.ts: banner, Login, Ping,
 * the status actions hotlined asks after connecting) feeds QueueCallerJoin /
 * QueueCallerLeave events, as Asterisk 22 writes them, into a real hotlined
 * child process (dist/src/main.js: its AMI client, bus, live model and SSE
 * endpoint), with `clients` SSE clients connected with wallboard tokens
 * (of as many supervisors as the per-owner stream cap needs).
 * Every join carries a unique caller id; each client notes when it first sees
 * that caller in a delta. Leaves follow joins 40 callers behind, so about 40
 * wait at any time (a caller who joined and left inside one 50 ms coalescing
 * window would never be shown, which is right for a wallboard but no sample;
 * when hotlined stalls for longer than a caller waits, as on a loaded
 * machine, callers go unseen that way: "not seen" counts them). Apart from
 * those, every delta carries its number: a gap in any client's numbers is
 * a delta lost, counted as "deltas lost".
 * The AMI server and the SSE clients share this process; hotlined has its own.
 *
 * Then it prints the console's first load, login → dashboard, as headless
 * Chromium fetched it from that hotlined (bench/console-weight.ts: the
 * JavaScript transferred, compressed as served), when a browser is installed.
 *
 * Last it prints the wallboard's page weight from web-ui/dist when built
 * ($HOTLINE_WEB_UI_DIST points elsewhere): index.html plus the files it
 * references, as hotlined serves them (no compression). Chunks the page
 * imports lazily are not counted; a browser measurement would see them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLogin, login } from '../dev/api-client.js';
import { freePorts } from '../dev/sandbox.js';
import { STREAMS_PER_WALLBOARD_OWNER } from '../src/live/stream-cap.js';
import { FakeAmi } from '../test/support/fake-ami.js';
import { join, leave } from '../test/support/live-frames.js';
import { nowMs, openSse, type SseClient } from '../test/support/sse-client.js';
import { consoleWeightLine } from './console-weight.js';
import { answerStatusActions, benchHotlined, percentile, toWire } from './fake-box.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 50);
const RATES = (process.argv[4] ?? '50,500').split(',').map(Number);
const BEHIND = 40;
const WEB_UI_DIST =
  process.env.HOTLINE_WEB_UI_DIST ?? fileURLToPath(new URL('../../web-ui/dist/', import.meta.url));
const TICK_MS = 10;

async function runRate(ami: FakeAmi, clients: SseClient[], rate: number, seconds: number) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = clients.map(() => new Set<string>());
  const uid = /"uniqueid":"(r\d+-\d+)"/g;
  // every client gets the same delta: its callers are read once (the clients share this process)
  const callersOf = new Map<string, string[]>();
  const callers = (e: { id: string | undefined; data: string }) => {
    let ids = e.id === undefined ? undefined : callersOf.get(e.id);
    if (!ids) {
      ids = [...e.data.matchAll(uid)].map((m) => m[1]!);
      if (e.id !== undefined) callersOf.set(e.id, ids);
    }
    return ids;
  };
  // the hub numbers its deltas <boot>-<seq>: a gap in what a client got is a delta lost on the way
  const lastSeq = clients.map(() => 0);
  let gaps = 0;
  const listeners = clients.map(
    (_c, i) => (e: { id: string | undefined; data: string; receivedAt: number }) => {
      const seq = Number(e.id?.split('-')[1] ?? 0);
      if (lastSeq[i]! && seq > lastSeq[i]! + 1) gaps += seq - lastSeq[i]! - 1;
      lastSeq[i] = seq;
      for (const id of callers(e)) {
        const sent = sentAt.get(id);
        if (sent === undefined || seen[i]!.has(id)) continue;
        seen[i]!.add(id);
        latencies.push(e.receivedAt - sent);
      }
    },
  );
  let active = true;
  clients.forEach((c, i) => {
    c.onEvent((e) => {
      if (active) listeners[i]!(e);
    });
  });

  const total = rate * seconds;
  const ts = Date.now() / 1000;
  let sent = 0;
  let joins = 0;
  const start = nowMs();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * rate));
      while (sent < due) {
        // even events join a new caller; odd ones let the caller BEHIND joins ago leave
        if (sent % 2 === 0) {
          const id = `r${rate}-${joins}`;
          const msg = join('q1', { uniqueid: id, number: `138${joins}`, ts }, BEHIND + 1, BEHIND + 1);
          sentAt.set(id, nowMs());
          ami.broadcast(toWire(msg as Record<string, string>));
          joins++;
        } else if (joins > BEHIND) {
          const id = `r${rate}-${joins - BEHIND - 1}`;
          ami.broadcast(toWire(leave('q1', { uniqueid: id, number: '', ts }) as Record<string, string>));
        }
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });
  // let the last deltas arrive (up to 5 s), then let everybody leave
  const expected = joins * clients.length;
  for (let waited = 0; latencies.length < expected && waited < 5000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  active = false;
  for (let i = Math.max(0, joins - BEHIND - 1); i < joins; i++) {
    ami.broadcast(
      toWire(leave('q1', { uniqueid: `r${rate}-${i}`, number: '', ts }) as Record<string, string>),
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);
  return { latencies, expected, gaps, elapsed: (nowMs() - start) / 1000 };
}

/** index.html of the built web UI and what it references (scripts, styles, preloads, icons). */
function pageWeight(distDir: string): { bytes: number; files: number } | null {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index, 'utf8');
  let bytes = statSync(index).size;
  let files = 1;
  const refs = new Set<string>();
  for (const m of html.matchAll(/\b(?:src|href)="([^"]+)"/g)) {
    const ref = m[1]!;
    if (/^(https?:)?\/\//.test(ref) || ref.startsWith('data:') || ref.startsWith('#')) continue;
    refs.add(ref.split(/[?#]/)[0]!.replace(/^\//, ''));
  }
  for (const ref of refs) {
    const file = path.join(distDir, ref);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    bytes += statSync(file).size;
    files++;
  }
  return { bytes, files };
}

async function main() {
  const ami = await FakeAmi.start();
  ami.record = false;
  answerStatusActions(ami);
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-bench-live-'));
  const [port, ariPort] = (await freePorts(2)) as [number, number];
  const hotlined = benchHotlined(dir, port, ariPort, ami);
  const clients: SseClient[] = [];
  try {
    await hotlined.start();
    const m = /username: (\S+)\s+password: (\S+)/.exec(hotlined.stdout);
    const printed = { username: m?.[1] ?? '', password: m?.[2] ?? '' };
    // the printed password is temporary: the first login sets the admin's own
    const { api, password } = await firstLogin(hotlined.url, printed);
    const admin = { username: printed.username, password };
    // a person's wallboard tokens hold at most STREAMS_PER_WALLBOARD_OWNER streams: one owner per that many clients
    const tokens: string[] = [];
    for (let i = 0; i * STREAMS_PER_WALLBOARD_OWNER < CLIENTS; i++) {
      const owner =
        i === 0
          ? api
          : await (async () => {
              const username = `wallboards${i}`;
              const password = 'bench wallboard owner';
              await api.post('/api/v1/users', { username, role: 'supervisor', password });
              return login(hotlined.url, username, password);
            })();
      const made = await owner.post('/api/v1/auth/tokens', { name: 'bench wallboard', scope: 'wallboard' });
      tokens.push(made.secret as string);
    }
    const token = tokens[0]!;
    // wait for hotlined's AMI session (the stream's asterisk.ami state)
    const probe = await openSse(`${hotlined.url}/api/v1/live?token=${token}`);
    await probe.waitFor((e) => e.data.includes('"ami":{"state":"connected"'), 'AMI connected', 20_000);
    await probe.waitFor((e) => e.data.includes('"q1"'), 'q1 from QueueStatus', 20_000);
    probe.close();
    for (let i = 0; i < CLIENTS; i++) {
      const c = await openSse(
        `${hotlined.url}/api/v1/live?token=${tokens[i % tokens.length]}`,
        {},
        { keep: 4 },
      );
      if (c.status !== 200) throw new Error(`SSE client ${i}: ${c.status}`);
      clients.push(c);
    }
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'snapshot', 'snapshot')));
    process.stdout.write(
      `# ${CLIENTS} SSE clients, ${SECONDS} s per rate, node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`,
    );
    let dropped = 0;
    for (const c of clients) void c.ended.then(() => dropped++);
    for (const rate of RATES) {
      const cpu = process.cpuUsage();
      const r = await runRate(ami, clients, rate, SECONDS);
      const used = process.cpuUsage(cpu);
      const missing = r.expected - r.latencies.length;
      process.stdout.write(
        `${rate} events/s p50 ${percentile(r.latencies, 50).toFixed(1)} ms p99 ${percentile(r.latencies, 99).toFixed(1)} ms` +
          `  (${r.latencies.length} samples${missing ? `, ${missing} not seen` : ''}, max ${r.latencies.at(-1)?.toFixed(1)} ms;` +
          ` ${r.gaps} deltas lost, ${dropped} clients dropped; this process's CPU ${(((used.user + used.system) / 1e6 / r.elapsed) * 100).toFixed(0)} %, load ${loadavg()[0]!.toFixed(2)})\n`,
      );
    }
    process.stdout.write(await consoleWeightLine(hotlined.url, admin, WEB_UI_DIST));
  } finally {
    for (const c of clients) c.close();
    await hotlined.stop();
    await ami.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const dist = WEB_UI_DIST;
  const w = pageWeight(dist);
  process.stdout.write(
    w
      ? `wallboard page weight ${(w.bytes / 1024).toFixed(1)} KB (${w.files} files as served, uncompressed)\n`
      : `wallboard page weight: not built (${dist} has no index.html)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench/live failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
