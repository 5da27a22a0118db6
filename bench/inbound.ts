/**
 * Inbound call flow under load, with real calls: the rig's carrier places N
 * concurrent calls to a DID whose route runs an IVR tree (menu prompt, the
 * caller presses 2, transfer to a queue) and N calls to a DID running the
 * same flow written by hand as plain dialplan (Answer, the menu prompt in
 * Background straight away as the IVR plays it, WaitExten, 2 → the same
 * queue). N agents (auto-answering rig phones) take the calls and
 * hang up after a short talk. A warm-up of N calls per flow runs
 * first and is not counted (the first bursts after boot pay for cold
 * caches and grow Asterisk's thread pools), and the flows take turns
 * going first in each round. The IVR runs as hotlined compiles it
 * (ivr.engine = dialplan, the default), or in hotlined's Stasis app with
 * HOTLINE_IVR_ENGINE=stasis.
 *
 *   HOTLINE_RIG_ROOT=... [HOTLINE_IVR_ENGINE=stasis] node dist/bench/inbound.js [N=50] [rounds=1] [talkSeconds=2]
 *
 * Prints per flow: completed calls (the caller reached an agent), failures,
 * calls per second (completed / time from the first call placed to the last
 * agent connect), hotlined and Asterisk CPU over that time, hotlined's share
 * of Asterisk's CPU and its RSS, then `ratio <IVR-flow CPS / dialplan-flow
 * CPS>`. All peers share this machine's cores, so the figures are for the
 * whole rig, not an appliance; the load average is printed with each run,
 * and the figures that do not move with other work on the machine are
 * printed per call: CPU ms of hotlined and of Asterisk, hotlined's ARI
 * requests. For the IVR flow also the step latency (Asterisk got the digit →
 * the next node began: the caller left the app for the queue in Stasis, the
 * path step ran in dialplan; by Asterisk's own times) p50/p99, and hotlined's
 * event-loop lag p99 during each run (both from GET /api/v1/system/runtime).
 *
 * Profiling hotlined: HOTLINE_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR'; each
 * run prints its window on the monotonic clock the profile's timestamps use.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { type Api, login, until } from '../dev/api-client.js';
import { carrierCall, rigAmi } from '../dev/rig-calls.js';
import { startCarrier } from '../dev/rig-carrier.js';
import { startStack } from '../dev/stack.js';
import type { Ami, AmiMessage } from '../src/asterisk/ami.js';

const N = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 1);
const TALK = Number(process.argv[4] ?? 2);
const IVR_DID = '4008100001';
const PLAIN_DID = '4008100002';
const TICKS = 100; // USER_HZ on Linux
/** hotlined inherits the environment: HOTLINE_IVR_ENGINE picks the engine (src/settings.ts). */
const ENGINE = process.env.HOTLINE_IVR_ENGINE ?? 'dialplan';

function cpuTicks(pid: number | undefined): number {
  if (!pid) return 0;
  // fields after the command name: utime is the 14th, stime the 15th field of /proc/<pid>/stat
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}
function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function must(api: Api, path: string, body: unknown) {
  const r = await api.req('POST', path, body);
  if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main() {
  const stack = await startStack({ logLevel: 'warn' });
  const carrier = await startCarrier({
    root: stack.root,
    runId: stack.runId,
    boxSipPort: stack.box.ports.sip,
  });
  try {
    const api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
    const accounts = [];
    for (let i = 0; i < N; i++) {
      const extension = String(3000 + i);
      const seat = await must(api, '/api/v1/seats', { extension, name: `基准坐席 ${extension}` });
      accounts.push({ extension, secret: seat.secret as string });
    }
    await stack.startPhones(accounts);
    await until(
      'phones registered',
      async () =>
        (await api.get('/api/v1/seats?limit=500')).items.every(
          (s: { registration: { registered: boolean } }) => s.registration.registered,
        ),
      120_000,
    );
    await must(api, '/api/v1/trunks', {
      kind: 'sip',
      name: '基准运营商',
      host: '127.0.0.2',
      port: carrier.ports.sip,
      auth: 'ip',
      maxChannels: 1000,
    });
    const prompt = await must(api, '/api/v1/prompts', { name: '菜单', text: '请按二号键', language: 'zh' });
    const queue = await must(api, '/api/v1/queues', {
      name: '基准队列',
      settings: {
        strategy: 'rrmemory',
        ringTimeoutSeconds: 15,
        wrapUpSeconds: 0,
        announcePosition: false,
        joinEmpty: 'always',
        leaveWhenEmpty: 'always',
        maxWaitSeconds: 0,
        boundAgentSeconds: 0,
      },
    });
    for (const a of accounts) {
      const agent = await must(api, '/api/v1/agents', {
        extension: a.extension,
        name: `坐席 ${a.extension}`,
        skills: [{ queueId: queue.id, level: 0 }],
      });
      const r = await api.req('POST', `/api/v1/agents/${agent.id}/login`, {});
      if (r.status !== 200) throw new Error(`login ${a.extension}: ${r.status}`);
    }
    const toQueue = { type: 'transfer', destination: { type: 'queue', queueId: queue.id } };
    const ivr = await must(api, '/api/v1/ivrs', {
      name: '基准菜单',
      tree: {
        start: 'menu',
        nodes: {
          menu: {
            type: 'menu',
            promptId: prompt.id,
            options: { '2': 'queue' },
            timeoutSeconds: 5,
            retries: 0,
            onTimeout: 'queue',
            onInvalid: 'queue',
          },
          queue: toQueue,
        },
      },
    });
    await must(api, '/api/v1/inbound-routes', {
      did: IVR_DID,
      destination: { type: 'ivr', ivrId: ivr.id },
      fallback: { type: 'queue', queueId: queue.id },
    });
    // the same flow as plain dialplan, added at runtime next to the generated routes
    const sound = `${stack.box.dirs.lib}/sounds/hotline/${prompt.id}`;
    const plan = [
      `dialplan add extension ${PLAIN_DID},1,Goto(bench-plain,s,1) into from-trunks`,
      'dialplan add extension s,1,Answer() into bench-plain',
      `dialplan add extension s,2,Background(${sound}) into bench-plain`,
      'dialplan add extension s,3,WaitExten(5) into bench-plain',
      `dialplan add extension 2,1,Goto(hotline-queue-${queue.id},s,1) into bench-plain`,
      `dialplan add extension t,1,Goto(hotline-queue-${queue.id},s,1) into bench-plain`,
    ];
    for (const c of plan) await stack.box.cli(c);

    const carrierAmi = await rigAmi(carrier);
    const boxAmi = await rigAmi(stack.box);
    const connects: { caller: string; at: number }[] = [];
    // where a failed call stopped: the carrier's originate (answered or its reason), the box's queue
    const originated = new Map<string, string>();
    const queued = new Set<string>();
    boxAmi.onEvent((e: AmiMessage) => {
      if (e.Event === 'AgentConnect') connects.push({ caller: e.CallerIDNum ?? '', at: Date.now() });
      if (e.Event === 'QueueCallerJoin') queued.add(e.CallerIDNum ?? '');
    });
    carrierAmi.onEvent((e: AmiMessage) => {
      if (e.Event === 'OriginateResponse')
        originated.set(
          e.CallerIDNum ?? '',
          e.Response === 'Success' ? 'answered' : `reason ${e.Reason ?? '?'}`,
        );
    });
    /** The failed calls of a run by where they stopped, e.g. "3 not answered (reason 1), 2 queued, no agent". */
    const whereStopped = (callers: string[]) => {
      const by = new Map<string, number>();
      for (const c of callers) {
        const o = originated.get(c);
        const stage =
          o === undefined
            ? 'no answer to the originate'
            : o !== 'answered'
              ? `not answered by the box (${o})`
              : queued.has(c)
                ? 'queued, no agent connected'
                : 'answered, never queued';
        by.set(stage, (by.get(stage) ?? 0) + 1);
      }
      return [...by].map(([stage, count]) => `${count} ${stage}`).join(', ');
    };

    const runtime = async (seconds: number) =>
      (await api.get(`/api/v1/system/runtime?seconds=${Math.min(600, Math.ceil(seconds))}`)) as {
        ariRequests: number;
        eventLoopLagMs: { p99: number };
        ivrStepMs: { count: number; p50: number; p99: number };
      };
    const monotonicUs = () => process.hrtime.bigint() / 1000n;
    const run = async (flow: 'ivr' | 'plain', round: number, n = N) => {
      await until(
        'rig idle',
        async () => /^0 active channels/m.test(await stack.box.cli('core show channels count')),
        120_000,
      );
      const prefix = `1${flow === 'ivr' ? 38 : 39}${round}`;
      const mine = () => connects.filter((c) => c.caller.startsWith(prefix));
      const load0 = loadavg()[0]!;
      const ari0 = (await runtime(1)).ariRequests;
      const t0 = Date.now();
      const mono0 = monotonicUs();
      const [h0, a0] = [cpuTicks(stack.hotlined.pid), cpuTicks(stack.box.pid)];
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          carrierCall(carrierAmi as Ami, {
            did: flow === 'ivr' ? IVR_DID : PLAIN_DID,
            callerId: `${prefix}${String(i).padStart(7, '0')}`,
            dtmf: '2',
            dtmfDelay: 1,
            seconds: TALK,
          }),
        ),
      );
      // done when every call reached an agent, or nothing new happened for 20 s
      let last = 0;
      let lastChange = Date.now();
      while (mine().length < n && Date.now() - lastChange < 20_000) {
        await new Promise((r) => setTimeout(r, 200));
        if (mine().length !== last) [last, lastChange] = [mine().length, Date.now()];
      }
      const done = mine();
      const connected = new Set(done.map((c) => c.caller));
      const failedCallers = Array.from(
        { length: n },
        (_, i) => `${prefix}${String(i).padStart(7, '0')}`,
      ).filter((c) => !connected.has(c));
      const end = done.length ? Math.max(...done.map((c) => c.at)) : Date.now();
      const wall = (end - t0) / 1000;
      const [hTicks, aTicks] = [cpuTicks(stack.hotlined.pid) - h0, cpuTicks(stack.box.pid) - a0];
      const mono1 = monotonicUs();
      const hCpu = hTicks / TICKS / wall;
      const aCpu = aTicks / TICKS / wall;
      const cps = done.length / wall;
      const figures = await runtime((Date.now() - t0) / 1000);
      const perCall = (ticks: number) => ((ticks / TICKS) * 1000) / Math.max(1, done.length);
      process.stdout.write(
        `${flow === 'ivr' ? `ivr (${ENGINE})` : flow} ${round === 0 ? 'warm-up' : `round ${round}`} N ${n}: completed ${done.length} failed ${n - done.length} ` +
          `cps ${cps.toFixed(2)} wall ${wall.toFixed(1)} s hotlined cpu ${(hCpu * 100).toFixed(1)} % ` +
          `asterisk cpu ${(aCpu * 100).toFixed(1)} % (hotlined/asterisk ${((hCpu / aCpu) * 100).toFixed(1)} %) ` +
          `hotlined rss ${rssMb(stack.hotlined.pid).toFixed(0)} MB\n` +
          `      per call: hotlined ${perCall(hTicks).toFixed(1)} ms cpu, asterisk ${perCall(aTicks).toFixed(1)} ms cpu, ` +
          `${((figures.ariRequests - ari0) / Math.max(1, done.length)).toFixed(1)} ARI requests; ` +
          (flow === 'ivr'
            ? `step latency p50 ${figures.ivrStepMs.p50} ms p99 ${figures.ivrStepMs.p99} ms (${figures.ivrStepMs.count} steps); `
            : '') +
          `event-loop lag p99 ${figures.eventLoopLagMs.p99} ms; load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}` +
          (failedCallers.length ? `; failed: ${whereStopped(failedCallers)}` : '') +
          (process.env.HOTLINE_NODE_ARGS?.includes('--cpu-prof')
            ? `; profile window ${mono0}-${mono1} us`
            : '') +
          '\n',
      );
      return { cps, failed: n - done.length };
    };

    let ivrCps = 0;
    let plainCps = 0;
    let failed = 0;
    // not counted: the first bursts after boot pay for cold caches (prompt files, JIT, database
    // pages) and grow Asterisk's thread pools, and whichever flow ran first paid for all of it
    await run('ivr', 0);
    await run('plain', 0);
    for (let round = 1; round <= ROUNDS; round++) {
      // each flow goes first every other round, so neither always runs on the other's leftovers
      const ivrFirst = round % 2 === 1;
      const first = await run(ivrFirst ? 'ivr' : 'plain', round);
      const second = await run(ivrFirst ? 'plain' : 'ivr', round);
      const [a, b] = ivrFirst ? [first, second] : [second, first];
      ivrCps += a.cps;
      plainCps += b.cps;
      failed += a.failed + b.failed;
    }
    process.stdout.write(`engine ${ENGINE}\nfailed ${failed}\nratio ${(ivrCps / plainCps).toFixed(2)}\n`);
    await Promise.allSettled([carrierAmi.stop(), boxAmi.stop()]);
  } finally {
    await carrier.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench/inbound failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
