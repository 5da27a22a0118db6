import t from 'tap';
import {
  type CallEvent,
  type CallState,
  type Effect,
  initialState,
  MAX_PATH,
  MAX_STEPS,
  next,
  PLAYBACK_SLACK_MS,
  playbackIdOf,
  renderPath,
  safeVarText,
} from '../../src/ivr/machine.js';
import { IvrTree } from '../../src/ivr/schema.js';
import { demoTree } from '../support/ivr-trees.js';

/** The step machine driven by hand: no Asterisk, no timers, just events in and effects out. */

const tree = demoTree as CallState['tree'];

const promptMs = { 1: 2000, 2: 5000, 3: 1500, 5: 3000, 9: 4000 };

class Call {
  state: CallState;
  log: Effect[] = [];
  constructor(t = tree) {
    this.state = initialState({ channelId: 'ch1', ivrId: 7, tree: t, promptMs });
  }
  send(...events: CallEvent[]): Effect[] {
    const out: Effect[] = [];
    for (const e of events) {
      const r = next(this.state, e);
      this.state = r.state;
      out.push(...r.effects);
    }
    this.log.push(...out);
    return out;
  }
  /** The playback now playing. */
  get pb(): string {
    return this.state.playbackId ?? 'none';
  }
  finish(): Effect[] {
    return this.send({ type: 'playbackFinished', playbackId: this.pb });
  }
  fireTimer(): Effect[] {
    return this.send({ type: 'timer', token: this.state.timer ?? -1 });
  }
  get path(): string {
    return renderPath(this.state.path);
  }
}

const kinds = (fx: Effect[]) => fx.map((e) => e.kind);
const plays = (fx: Effect[]) =>
  fx.filter((e) => e.kind === 'play').map((e) => (e as { promptIds: number[] }).promptIds);
const vars = (fx: Effect[]) =>
  Object.fromEntries(fx.filter((e) => e.kind === 'setVar').map((e) => [(e as any).name, (e as any).value]));

/** Lookup done (a VIP), schedule open, welcome played: the caller hears the main menu. */
function atMainMenu(c = new Call()) {
  c.send({ type: 'start' });
  c.send({ type: 'lookupResult', info: { id: 12, name: '张三', vip: 5, boundAgent: '1003' } });
  c.send({ type: 'scheduleResult', open: true });
  c.finish();
  return c;
}

t.test('start answers, looks the caller up and sets the queue variables', async (t) => {
  const c = new Call();
  const fx = c.send({ type: 'start' });
  t.same(kinds(fx), ['answer', 'setVar', 'lookup']);
  t.same(vars(fx), { 'CDR(ivrpath)': 'who' });
  const found = c.send({
    type: 'lookupResult',
    info: { id: 12, name: '张三 "VIP";${X}', vip: 5, boundAgent: '1003' },
  });
  t.same(vars(found), {
    HOTLINE_VIP: '5',
    HOTLINE_BOUND_AGENT: '1003',
    HOTLINE_CUSTOMER: '张三 VIPX',
    HOTLINE_CUSTOMER_ID: '12',
    'CDR(ivrpath)': 'who>hours',
  });
  t.same(found.at(-1), { kind: 'checkSchedule', scheduleId: 4 });
});

t.test(
  'an unknown caller gets VIP 0 and no bound agent; a failed lookup leaves the variables alone',
  async (t) => {
    const c = new Call();
    c.send({ type: 'start' });
    t.match(vars(c.send({ type: 'lookupResult', info: null })), {
      HOTLINE_VIP: '0',
      HOTLINE_BOUND_AGENT: '',
    });
    const f = new Call();
    f.send({ type: 'start' });
    const fx = f.send({ type: 'lookupResult', info: null, failed: true });
    t.same(vars(fx), { 'CDR(ivrpath)': 'who>hours' }, 'only the path');
    const junk = new Call();
    junk.send({ type: 'start' });
    t.match(
      vars(junk.send({ type: 'lookupResult', info: { id: 1, name: 'x', vip: 42, boundAgent: '1;2' } })),
      {
        HOTLINE_VIP: '0',
        HOTLINE_BOUND_AGENT: '',
      },
    );
  },
);

t.test('the schedule branch follows the answer: closed plays the closed prompt, then hangs up', async (t) => {
  const c = new Call();
  c.send({ type: 'start' }, { type: 'lookupResult', info: null });
  const fx = c.send({ type: 'scheduleResult', open: false });
  t.same(plays(fx), [[9]]);
  t.match(
    fx.find((e) => e.kind === 'armTimer'),
    { ms: 4000 + PLAYBACK_SLACK_MS },
    'watchdog: prompt length + slack',
  );
  t.same(kinds(c.finish()), ['cancelTimer', 'setVar', 'hangup']);
  t.equal(c.path, 'who>hours>closed>bye');
  t.equal(c.state.phase, 'done');
});

t.test('a digit during the menu prompt stops it and transfers: path main>2>service', async (t) => {
  const c = atMainMenu();
  t.equal(c.path, 'who>hours>welcome>main');
  const pb = c.pb;
  const fx = c.send({ type: 'dtmf', digit: '2' });
  t.same(fx, [
    { kind: 'stopPlayback', playbackId: pb },
    { kind: 'cancelTimer' },
    { kind: 'setVar', name: 'CDR(ivrpath)', value: 'who>hours>welcome>main>2>service' },
    { kind: 'transfer', nodeId: 'service' },
  ]);
  t.same(
    c.send({ type: 'dtmf', digit: '1' }, { type: 'playbackFinished', playbackId: pb }),
    [],
    'done: nothing more',
  );
});

t.test(
  'an invalid key re-prompts with the invalid prompt; the third goes where onInvalid says',
  async (t) => {
    const c = atMainMenu();
    c.finish(); // menu prompt over, waiting for a key
    t.same(plays(c.send({ type: 'dtmf', digit: '7' })), [[3, 2]], 'invalid prompt, then the menu again');
    t.same(plays(c.send({ type: 'dtmf', digit: '#' })), [[3, 2]], 'a key during the re-prompt counts too');
    const fx = c.send({ type: 'dtmf', digit: '8' });
    t.same(kinds(fx).slice(-2), ['setVar', 'hangup']);
    t.equal(c.path, 'who>hours>welcome>main>!invalid>bye');
  },
);

t.test(
  'silence re-prompts after timeoutSeconds; after the retries it goes where onTimeout says',
  async (t) => {
    const c = atMainMenu();
    const waited = c.finish();
    t.match(waited.at(-1), { kind: 'armTimer', ms: 4000 });
    t.same(plays(c.fireTimer()), [[2]], 'timeout 1: menu again (no invalid prompt)');
    c.finish();
    t.same(plays(c.fireTimer()), [[2]], 'timeout 2');
    c.finish();
    const fx = c.fireTimer();
    t.same(fx.at(-1), { kind: 'transfer', nodeId: 'op' });
    t.equal(c.path, 'who>hours>welcome>main>!timeout>op');
  },
);

t.test('stale events are ignored: an old playback, a cancelled timer, junk digits', async (t) => {
  const c = atMainMenu();
  const old = c.pb;
  const oldTimer = c.state.timer!;
  c.send({ type: 'dtmf', digit: '9' }); // back to main: a new prompt
  t.not(c.pb, old);
  t.same(c.send({ type: 'playbackFinished', playbackId: old }), [], 'the stopped playback finishing');
  t.same(c.send({ type: 'timer', token: oldTimer }), [], 'a timer cancelled meanwhile');
  t.same(c.send({ type: 'dtmf', digit: 'x' }), [], 'not a DTMF digit');
  t.same(c.send({ type: 'dtmf', digit: '' }), []);
  t.equal(c.state.phase, 'prompt');
});

t.test(
  'type-ahead: a key pressed during the welcome prompt chooses in the menu without its prompt',
  async (t) => {
    const c = new Call();
    c.send({ type: 'start' }, { type: 'lookupResult', info: null }, { type: 'scheduleResult', open: true });
    const fx = c.send({ type: 'dtmf', digit: '1' });
    t.same(plays(fx), [], 'the menu prompt is not played');
    t.same(fx.at(-1), { kind: 'transfer', nodeId: 'sales' });
    t.equal(c.path, 'who>hours>welcome>main>1>sales');

    const early = new Call();
    early.send({ type: 'start' }, { type: 'dtmf', digit: '2' }, { type: 'lookupResult', info: null });
    const out = early.send({ type: 'scheduleResult', open: true });
    t.same(plays(out), [], 'digits pressed during the lookup skip the welcome and choose in the menu');
    t.same(out.at(-1), { kind: 'transfer', nodeId: 'service' });
  },
);

t.test('collect: digits with the terminator set the variable and move on', async (t) => {
  const c = atMainMenu();
  c.send({ type: 'dtmf', digit: '3' });
  t.equal(c.state.node, 'acct');
  t.same(plays(c.log.slice(-3)), [[5]]);
  for (const d of '1234') c.send({ type: 'dtmf', digit: d });
  const fx = c.send({ type: 'dtmf', digit: '#' });
  t.same(vars(fx), {
    ACCOUNT: '1234',
    'CDR(ivrpath)': 'who>hours>welcome>main>3>acct>tag>service',
    TIER: 'gold',
  });
  t.same(fx.at(-1), { kind: 'transfer', nodeId: 'service' });
  t.notMatch(c.path, '1234', 'collected digits never reach the path');
});

t.test(
  'collect: maxDigits ends without a terminator; too few digits re-prompt, then an empty variable',
  async (t) => {
    const full = atMainMenu();
    full.send({ type: 'dtmf', digit: '3' });
    let fx: Effect[] = [];
    for (const d of '123456') fx = full.send({ type: 'dtmf', digit: d });
    t.equal(vars(fx).ACCOUNT, '123456');

    const short = atMainMenu();
    short.send({ type: 'dtmf', digit: '3' });
    short.send({ type: 'dtmf', digit: '1' }, { type: 'dtmf', digit: '2' });
    t.same(plays(short.send({ type: 'dtmf', digit: '#' })), [[5]], 'two digits, four needed: prompt again');
    short.finish();
    short.send({ type: 'dtmf', digit: '9' });
    const gave = short.fireTimer();
    t.equal(vars(gave).ACCOUNT, '', 'after the retries: empty, and on to next');
    t.same(gave.at(-1), { kind: 'transfer', nodeId: 'service' });

    const ahead = atMainMenu();
    ahead.send({ type: 'dtmf', digit: '3' });
    ahead.send({ type: 'dtmf', digit: '*' });
    t.equal(ahead.state.digits, '*', 'a non-terminator * is a digit like any other');
  },
);

t.test('a prompt whose PlaybackFinished never comes is given up on after its length + slack', async (t) => {
  const c = new Call();
  c.send({ type: 'start' }, { type: 'lookupResult', info: null }, { type: 'scheduleResult', open: true });
  const pb = c.pb;
  const fx = c.fireTimer();
  t.same(fx[0], { kind: 'stopPlayback', playbackId: pb });
  t.same(plays(fx), [[2]], 'on to the menu');
});

t.test('a silent line looping a menu is released to the fallback after MAX_STEPS node entries', async (t) => {
  const loop = IvrTree.parse({
    start: 'm',
    nodes: {
      m: { type: 'menu', promptId: 2, options: { '1': 'x' }, retries: 0, onTimeout: 'm', onInvalid: 'm' },
      x: { type: 'hangup' },
    },
  }) as CallState['tree'];
  const c = new Call(loop);
  c.send({ type: 'start' });
  let last: Effect[] = [];
  for (let i = 0; i < MAX_STEPS + 5 && c.state.phase !== 'done'; i++) {
    c.finish();
    last = c.fireTimer();
  }
  t.same(last.at(-1), { kind: 'release', reason: 'too many steps' });
  t.equal(c.state.steps, MAX_STEPS + 1);
});

t.test('hang-up ends the call: the timer is cancelled, later events do nothing', async (t) => {
  const c = atMainMenu();
  t.same(c.send({ type: 'gone' }), [{ kind: 'cancelTimer' }]);
  t.same(c.send({ type: 'dtmf', digit: '1' }), []);
  t.same(c.fireTimer(), []);
});

t.test('playback ids are deterministic per channel and rotate over four slots', async (t) => {
  t.same(
    [0, 1, 2, 3, 4, 5].map((n) => playbackIdOf('1700000000.12', n)),
    [
      'ivr-1700000000.12-0',
      'ivr-1700000000.12-1',
      'ivr-1700000000.12-2',
      'ivr-1700000000.12-3',
      'ivr-1700000000.12-0',
      'ivr-1700000000.12-1',
    ],
  );
});

t.test('the path stays short and safe', async (t) => {
  t.equal(renderPath(['main', '2', 'sales']), 'main>2>sales');
  const long = Array.from({ length: 40 }, (_, i) => `node_${i}_${'x'.repeat(10)}`);
  const r = renderPath(long);
  t.ok(r.length <= MAX_PATH, `${r.length} chars`);
  t.match(r, /^\.\.>/);
  t.match(r, new RegExp(`${long.at(-1)}$`), 'the latest steps are kept');
  t.match(renderPath([...long.slice(0, 3), '!invalid']), /^[A-Za-z0-9_>!-]+$/);
  t.equal(safeVarText('李四, Ltd; ${SHELL(rm)} \n"x"'), '李四 Ltd SHELLrm x');
  t.equal(safeVarText('x'.repeat(100)).length, 32);
});
