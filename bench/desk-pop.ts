/**
 * Screen-pop latency: from an AMI AgentCalled frame leaving an AMI server to
 * the agent's desk stream (GET /api/v1/desk/events) receiving the `ringing`
 * event with the caller's customer record.
 *
 *   node dist/bench/desk-pop.js [calls=200] [interval ms=50]
 *   node dist/bench/desk-pop.js --smoke      (20 calls; fails when a pop is missing or lacks its customer)
 *
 * As bench/live.ts: a local server speaking AMI (test/support/fake-ami.ts)
 * feeds frames, as Asterisk 22's app_queue writes them, into a real hotlined
 * child process (its AMI client, bus, live model, customers, calls history on
 * the reader worker, and the desk's SSE endpoint); the desk client shares
 * this process with the AMI server. Each call is QueueCallerJoin then
 * AgentCalled for seat 1001, a unique caller uniqueid per call, one call at
 * a time `interval` ms apart; the customer 张三 owns the calling number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { firstLogin } from '../dev/api-client.js';
import { freePorts } from '../dev/sandbox.js';
import { FakeAmi } from '../test/support/fake-ami.js';
import { agentCalled, join } from '../test/support/live-frames.js';
import { nowMs, openSse } from '../test/support/sse-client.js';
import { answerStatusActions, benchHotlined, percentile, toWire } from './fake-box.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CALLS = SMOKE ? 20 : Number(args[0] ?? 200);
const INTERVAL_MS = Number(args[1] ?? 50);
const NUMBER = '13800138000';

/** Set once hotlined's AMI session asked for the queue status (it resyncs right after connecting). */
let resynced = false;

async function main(): Promise<number> {
  const ami = await FakeAmi.start();
  ami.record = false;
  answerStatusActions(ami, () => {
    resynced = true;
  });
  ami.reply('Reload', 'Success');
  // the records are made while Asterisk is "down" (their config reload waits), then the AMI answers
  await ami.refuse();
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-bench-desk-'));
  const [port, ariPort] = (await freePorts(2)) as [number, number];
  const hotlined = benchHotlined(dir, port, ariPort, ami);
  let failed = false;
  try {
    await hotlined.start();
    const m = /username: (\S+)\s+password: (\S+)/.exec(hotlined.stdout);
    // the printed password is temporary: the first login sets the admin's own
    const admin = (await firstLogin(hotlined.url, { username: m?.[1] ?? '', password: m?.[2] ?? '' })).api;
    await admin.post('/api/v1/seats', { extension: '1001', name: '坐席 1001' });
    const q = await admin.post('/api/v1/queues', { name: '客服一组', dispositions: ['已解决'] });
    await admin.post('/api/v1/agents', { extension: '1001', name: '客服', skills: [{ queueId: q.id }] });
    await admin.post('/api/v1/customers', { name: '张三', numbers: [NUMBER], vip: 3 });
    const user = await admin.post('/api/v1/users', {
      username: 'agent1',
      role: 'agent',
      password: 'correct horse battery',
    });
    const r = await admin.req('PATCH', `/api/v1/users/${user.user.id}`, { seatExtension: '1001' });
    if (r.status !== 200) throw new Error(`seat link: ${r.status}`);
    const res = await fetch(`${hotlined.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'correct horse battery' }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    await ami.accept();
    const desk = await openSse(`${hotlined.url}/api/v1/desk/events`, { cookie });
    if (desk.status !== 200) throw new Error(`desk stream: ${desk.status} ${desk.body}`);
    await desk.waitFor((e) => e.event === 'state', 'the desk’s first state', 20_000);
    // hotlined's AMI session is up once it has asked for the queue status
    const deadline = Date.now() + 20_000;
    while (!resynced && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
    if (!resynced) throw new Error('hotlined never connected to the AMI server');

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let wrong = 0;
    desk.onEvent((e) => {
      if (e.event !== 'ringing') return;
      const pop = JSON.parse(e.data) as { uniqueid: string; customer: { name: string; vip: number } | null };
      const sent = sentAt.get(pop.uniqueid);
      if (sent === undefined) return;
      if (pop.customer?.name !== '张三' || pop.customer.vip !== 3) wrong++;
      latencies.push(e.receivedAt - sent);
    });
    const ts = Date.now() / 1000;
    for (let i = 0; i < CALLS; i++) {
      const uniqueid = `${Math.floor(ts)}.${1000 + i}`;
      const caller = { uniqueid, number: NUMBER, ts };
      ami.broadcast(toWire(join('q1', caller, 1) as Record<string, string>));
      sentAt.set(uniqueid, nowMs());
      ami.broadcast(toWire(agentCalled('q1', caller, '1001') as Record<string, string>));
      await new Promise((ok) => setTimeout(ok, INTERVAL_MS));
    }
    await new Promise((ok) => setTimeout(ok, 1000));
    desk.close();
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    process.stdout.write(
      `# desk screen-pop, ${CALLS} calls ${INTERVAL_MS} ms apart, node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n` +
        `AMI AgentCalled → SSE ringing p50 ${percentile(latencies, 50).toFixed(1)} ms p99 ${p99.toFixed(1)} ms` +
        ` max ${latencies.at(-1)?.toFixed(1)} ms (${latencies.length}/${CALLS} pops${wrong ? `, ${wrong} without the customer` : ''})\n`,
    );
    if (SMOKE && (latencies.length !== CALLS || wrong > 0)) {
      process.stderr.write('bench/desk-pop smoke failed: every pop with its customer expected\n');
      failed = true;
    }
  } finally {
    await hotlined.stop();
    await ami.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`bench/desk-pop failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
