import t from 'tap';
import type { AriEvent } from '../../src/asterisk/ari.js';
import type { ConnectionState } from '../../src/bus.js';
import { AppError } from '../../src/errors.js';
import { createIvrRunner, type RunnerAri, type RunnerDeps } from '../../src/ivr/runner.js';
import { type Ivr, IvrTree } from '../../src/ivr/schema.js';
import { createLogger } from '../../src/log.js';

/**
 * The runner shell with an in-memory ARI that records requests in order and
 * can fail chosen ones: effects are carried out in order, failures release
 * the caller to the fallback, orphans are released on reconnect.
 */

class MemoryAri implements RunnerAri {
  requests: string[] = [];
  parked: string[] = [];
  /** "op channel" → error to throw. */
  failures = new Map<string, Error>();
  private eventFns: ((e: AriEvent) => void)[] = [];
  private stateFns: ((s: ConnectionState) => void)[] = [];
  /** Resolves pending play requests later, to test ordering with slow requests. */
  slowPlay = 0;

  private async rec(op: string, ch: string, detail = ''): Promise<void> {
    this.requests.push(`${op} ${ch}${detail ? ` ${detail}` : ''}`);
    const err = this.failures.get(`${op} ${ch}`);
    if (err) throw err;
  }
  onEvent(fn: (e: AriEvent) => void) {
    this.eventFns.push(fn);
    return () => {
      this.eventFns = this.eventFns.filter((f) => f !== fn);
    };
  }
  onState(fn: (s: ConnectionState) => void) {
    this.stateFns.push(fn);
    return () => {
      this.stateFns = this.stateFns.filter((f) => f !== fn);
    };
  }
  emit(e: Record<string, unknown>) {
    for (const fn of this.eventFns) fn({ application: 'hotline', ...e } as unknown as AriEvent);
  }
  state(s: ConnectionState) {
    for (const fn of this.stateFns) fn(s);
  }
  answer = (ch: string) => this.rec('answer', ch);
  hangup = (ch: string, reason?: string) => this.rec('hangup', ch, reason);
  vars = new Map<string, string>();
  setVariable = async (ch: string, name: string, value: string) => {
    await this.rec('set', ch, `${name}=${value}`);
    this.vars.set(`${ch} ${name}`, value);
  };
  /** Not recorded in `requests`: the runner reads only the path a previous IVR left. */
  getVariable = async (ch: string, name: string) => this.vars.get(`${ch} ${name}`) ?? null;
  continueInDialplan = (ch: string, to?: { context?: string; extension?: string; priority?: number }) =>
    this.rec('continue', ch, to ? `${to.context},${to.extension},${to.priority}` : '');
  play = async (ch: string, media: string | string[], id?: string) => {
    if (this.slowPlay) await new Promise((r) => setTimeout(r, this.slowPlay));
    await this.rec('play', ch, `${id} ${[media].flat().join(',')}`);
    return { id: id ?? 'x' };
  };
  stopPlayback = async (id: string) => {
    await this.rec('stop', id);
    return true;
  };
  parkedChannelIds = async () => this.parked;
}

const tree = IvrTree.parse({
  start: 'who',
  nodes: {
    who: { type: 'lookup', next: 'hours' },
    hours: { type: 'schedule', scheduleId: 3, open: 'main', closed: 'bye' },
    main: {
      type: 'menu',
      promptId: 2,
      options: { '1': 'sales', '2': 'service' },
      onTimeout: 'service',
      onInvalid: 'bye',
    },
    sales: { type: 'transfer', destination: { type: 'seat', extension: '1001' } },
    service: { type: 'transfer', destination: { type: 'seat', extension: '1003' } },
    bye: { type: 'hangup' },
  },
}) as Ivr['tree'];

function setup(over: Partial<RunnerDeps> = {}) {
  const ari = new MemoryAri();
  const ivr: Ivr = { id: 5, name: 'x', tree, fallback: null, createdAt: 0, updatedAt: 0 };
  const lookups: string[] = [];
  let current: Ivr | undefined = ivr;
  const second: Ivr = {
    id: 6,
    name: 'y',
    tree: IvrTree.parse({
      start: 'acct',
      nodes: {
        acct: {
          type: 'collect',
          promptId: 4,
          maxDigits: 4,
          variable: 'ACCOUNT',
          next: 'bye',
        },
        bye: { type: 'hangup' },
      },
    }) as Ivr['tree'],
    fallback: null,
    createdAt: 0,
    updatedAt: 0,
  };
  const runner = createIvrRunner({
    ari,
    ivrs: {
      find: (id) => (id === 5 ? current : id === 6 ? second : undefined),
      transferExtension: (id, nodeId) =>
        id === 5 && current?.tree.nodes[nodeId]?.type === 'transfer'
          ? nodeId === 'sales'
            ? 't1'
            : 't2'
          : null,
    },
    prompts: { playbackPath: (id) => `/p/${id}`, durationMs: () => 1000 },
    customers: {
      lookup: async (n) => {
        lookups.push(n);
        return { id: 1, name: 'VIP 客户', vip: 7, boundAgent: '1003' };
      },
    },
    schedules: { isOpen: () => true },
    log: createLogger('silent'),
    ...over,
  });
  /** Old dialplan: two arguments, the channel still ringing; new: the path as a third, answered. */
  const enter = (ch = 'c1', args = ['ivr', '5']) =>
    ari.emit({
      type: 'StasisStart',
      args,
      channel: {
        id: ch,
        state: args.length > 2 ? 'Up' : 'Ring',
        caller: { number: '13800138000', name: '' },
      },
    });
  const setIvr = (i: Ivr | undefined) => {
    current = i;
  };
  t.teardown(() => runner.stop());
  return { ari, runner, enter, lookups, setIvr };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

t.test(
  'a caller is answered, looked up, hears the menu; a digit stops the prompt and transfers',
  async (t) => {
    const { ari, runner, enter, lookups } = setup();
    ari.slowPlay = 15; // the stop must still follow the play it stops
    enter();
    await settle();
    ari.emit({ type: 'ChannelDtmfReceived', digit: '2', duration_ms: 100, channel: { id: 'c1' } });
    await settle();
    t.same(lookups, ['13800138000']);
    t.same(ari.requests, [
      'answer c1',
      'set c1 CDR(ivrpath)=who',
      'set c1 HOTLINE_VIP=7',
      'set c1 HOTLINE_BOUND_AGENT=1003',
      'set c1 HOTLINE_CUSTOMER=VIP 客户',
      'set c1 HOTLINE_CUSTOMER_ID=1',
      'set c1 CDR(ivrpath)=who>hours',
      'set c1 CDR(ivrpath)=who>hours>main',
      'play c1 ivr-c1-0 sound:/p/2',
      'stop ivr-c1-0',
      'set c1 CDR(ivrpath)=who>hours>main>2>service',
      'continue c1 hotline-ivr-5,t2,1',
    ]);
    t.same(runner.active(), [], 'forgotten once transferred');
  },
);

t.test('an unknown IVR id or junk arguments release the caller at once', async (t) => {
  const { ari, enter } = setup();
  enter('c1', ['ivr', '99']);
  enter('c2', ['ivr', '1;x']);
  enter('c3', ['campaign', '5']);
  await settle();
  t.same(ari.requests.sort(), ['continue c1', 'continue c2'], 'another Stasis purpose is not ours');
});

t.test('a failing ARI request releases the caller to the fallback instead of leaving silence', async (t) => {
  const { ari, runner, enter } = setup();
  ari.failures.set('play c1', new AppError('asterisk_unavailable', 'HTTP 500'));
  enter();
  await settle();
  t.equal(ari.requests.at(-1), 'continue c1');
  t.ok(ari.requests.includes('stop ivr-c1-0'), 'the prompt is stopped first: a continue waits for it');
  t.same(runner.active(), []);
});

t.test('a throwing lookup leaves the variables alone and the call goes on', async (t) => {
  const { ari, enter } = setup({
    customers: {
      lookup: async () => {
        throw new Error('crm down');
      },
    },
  });
  enter();
  await settle();
  t.notOk(ari.requests.some((r) => r.includes('HOTLINE_VIP')));
  t.ok(ari.requests.includes('play c1 ivr-c1-0 sound:/p/2'));
});

t.test('a throwing schedule check is a runner failure: the caller is released', async (t) => {
  const { ari, enter } = setup({
    schedules: {
      isOpen: () => {
        throw new Error('bug');
      },
    },
  });
  enter();
  await settle();
  t.equal(ari.requests.at(-1), 'continue c1');
});

t.test('a caller who hangs up is forgotten quietly; a channel gone mid-request is no failure', async (t) => {
  const { ari, runner, enter } = setup();
  enter('c1');
  await settle();
  ari.emit({ type: 'StasisEnd', channel: { id: 'c1' } });
  t.same(runner.active(), []);
  ari.failures.set('answer c2', new AppError('not_found', 'channel c2 not found'));
  enter('c2');
  await settle();
  t.same(
    ari.requests.filter((r) => r.includes('c2')),
    ['answer c2'],
    'nothing after the 404, no release',
  );
});

t.test('a transfer node changed while the caller was in the menu releases to the fallback', async (t) => {
  const { ari, enter, setIvr } = setup();
  enter();
  await settle();
  const edited = structuredClone(tree);
  edited.nodes.service = { type: 'hangup' };
  setIvr({ id: 5, name: 'x', tree: edited, fallback: null, createdAt: 0, updatedAt: 1 });
  ari.emit({ type: 'ChannelDtmfReceived', digit: '2', duration_ms: 100, channel: { id: 'c1' } });
  await settle();
  t.equal(ari.requests.at(-1), 'continue c1');
});

t.test(
  'on reconnect, parked callers this process does not drive are released after their prompts are stopped',
  async (t) => {
    const { ari, runner, enter } = setup();
    enter('mine');
    await settle();
    ari.parked = ['mine', 'orphan1'];
    ari.requests = [];
    ari.state('connected');
    await settle();
    t.same(ari.requests, [
      'stop ivr-orphan1-0',
      'stop ivr-orphan1-1',
      'stop ivr-orphan1-2',
      'stop ivr-orphan1-3',
      'continue orphan1',
    ]);
    t.same(runner.active(), ['mine'], 'the caller this process drives is kept');
    ari.parked = [];
    await runner.reconcile();
    t.same(runner.active(), [], 'a driven call that left while events were missed is forgotten');
  },
);

t.test('a graceful stop releases callers in the IVR to the fallback', async (t) => {
  const { ari, runner, enter } = setup();
  enter('c1');
  await settle();
  ari.requests = [];
  await runner.stop();
  const released = ['stop ivr-c1-0', 'stop ivr-c1-1', 'stop ivr-c1-2', 'stop ivr-c1-3', 'continue c1'];
  t.same(ari.requests, released, 'every prompt slot stopped: a continue waits for a playing prompt');
  enter('c2');
  await settle();
  t.same(ari.requests, released, 'events after stop are ignored');
});

t.test('the menu timer runs in real time: silence goes where onTimeout says', async (t) => {
  const quick = structuredClone(tree);
  Object.assign(quick.nodes.main!, { timeoutSeconds: 1, retries: 0 });
  const { ari, enter, setIvr } = setup({
    prompts: { playbackPath: (id) => `/p/${id}`, durationMs: () => 0 },
  });
  setIvr({ id: 5, name: 'x', tree: quick, fallback: null, createdAt: 0, updatedAt: 0 });
  enter();
  await settle();
  ari.emit({ type: 'PlaybackFinished', playback: { id: 'ivr-c1-0', state: 'done' } });
  await new Promise((r) => setTimeout(r, 1200));
  t.equal(ari.requests.at(-1), 'continue c1 hotline-ivr-5,t2,1');
  t.ok(ari.requests.includes('set c1 CDR(ivrpath)=who>hours>main>!timeout>service'));
});

t.test(
  'a caller transferred into another IVR continues its path there; digits typed meanwhile count',
  async (t) => {
    const { ari, runner, enter } = setup();
    enter('c1');
    await settle();
    ari.emit({ type: 'ChannelDtmfReceived', digit: '1', duration_ms: 100, channel: { id: 'c1' } });
    await settle();
    t.equal(ari.requests.at(-1), 'continue c1 hotline-ivr-5,t1,1');
    ari.emit({ type: 'StasisEnd', channel: { id: 'c1' } });
    ari.requests = [];
    enter('c1', ['ivr', '6']);
    for (const d of '42')
      ari.emit({ type: 'ChannelDtmfReceived', digit: d, duration_ms: 100, channel: { id: 'c1' } });
    await settle();
    t.same(ari.requests.slice(0, 2), ['answer c1', 'set c1 CDR(ivrpath)=who>hours>main>1>sales>acct']);
    t.notOk(
      ari.requests.some((r) => r.startsWith('play')),
      'typing started: the collect prompt is skipped',
    );
    for (const d of '07')
      ari.emit({ type: 'ChannelDtmfReceived', digit: d, duration_ms: 100, channel: { id: 'c1' } });
    await settle();
    t.ok(ari.requests.includes('set c1 ACCOUNT=4207'));
    t.equal(ari.requests.at(-1), 'hangup c1 normal');
    t.same(runner.active(), []);
  },
);

t.test(
  'a caller answered in dialplan with its path as an argument: no answer, no path lookup, one request per need',
  async (t) => {
    const { ari, enter } = setup();
    ari.vars.set('c1 CDR(ivrpath)', 'stale'); // the argument wins: the variable is not asked for
    enter('c1', ['ivr', '6', 'main>1']);
    await settle();
    t.same(ari.requests, ['set c1 CDR(ivrpath)=main>1>acct', 'play c1 ivr-c1-0 sound:/p/4']);
  },
);

t.test('a path replaced before any prompt plays is not sent; one that was heard is', async (t) => {
  const { ari, enter, setIvr } = setup();
  const tagged = IvrTree.parse({
    start: 'tag',
    nodes: {
      tag: { type: 'set', variable: 'SOURCE', value: 'web', next: 'main' },
      main: { type: 'menu', promptId: 2, options: { '1': 'sales' }, onTimeout: 'sales', onInvalid: 'sales' },
      sales: { type: 'transfer', destination: { type: 'seat', extension: '1001' } },
    },
  }) as Ivr['tree'];
  setIvr({ id: 5, name: 'x', tree: tagged, fallback: null, createdAt: 0, updatedAt: 0 });
  enter('c1', ['ivr', '5', '']);
  await settle();
  ari.emit({ type: 'ChannelDtmfReceived', digit: '1', duration_ms: 100, channel: { id: 'c1' } });
  await settle();
  t.same(ari.requests, [
    'set c1 SOURCE=web',
    'set c1 CDR(ivrpath)=tag>main',
    'play c1 ivr-c1-0 sound:/p/2',
    'stop ivr-c1-0',
    'set c1 CDR(ivrpath)=tag>main>1>sales',
    'continue c1 hotline-ivr-5,t1,1',
  ]);
});

t.test('step latency: the digit to the exit from the app, by Asterisk event times', async (t) => {
  const { ari, runner, enter } = setup();
  enter('c1', ['ivr', '6', '']);
  await settle();
  t.equal(runner.stepLatency(60).count, 0);
  ari.emit({
    type: 'ChannelDtmfReceived',
    digit: '1',
    duration_ms: 100,
    timestamp: '2026-01-15T10:20:30.100+0800',
    channel: { id: 'c1' },
  });
  ari.emit({ type: 'StasisEnd', timestamp: '2026-01-15T10:20:30.137+0800', channel: { id: 'c1' } });
  await settle();
  t.equal(runner.stepLatency(60).count, 0, 'a digit the collect node keeps is no step');
  enter('c2', ['ivr', '5', '']);
  await settle();
  ari.emit({
    type: 'ChannelDtmfReceived',
    digit: '1',
    duration_ms: 100,
    timestamp: '2026-01-15T10:20:30.100+0800',
    channel: { id: 'c2' },
  });
  ari.emit({ type: 'StasisEnd', timestamp: '2026-01-15T10:20:30.137+0800', channel: { id: 'c2' } });
  const figures = runner.stepLatency(60);
  t.equal(figures.count, 1);
  t.ok(Math.abs(figures.p50 - 37) < 1, `p50 ${figures.p50} ms`);
});
