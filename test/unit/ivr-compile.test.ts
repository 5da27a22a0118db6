import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { AmiMessage } from '../../src/asterisk/ami.js';
import { bridgeAmiToBus } from '../../src/asterisk/events.js';
import { Bus, type LiveEvents } from '../../src/bus.js';
import { compileIvr, needsHotlined, nodeExtensions } from '../../src/ivr/compile.js';
import { ivrDialplan, transferExtensions } from '../../src/ivr/confgen.js';
import '../../src/ivr/events.js';
import { type CallEvent, type CallState, type Effect, initialState, next } from '../../src/ivr/machine.js';
import { type IvrTree, IvrTree as IvrTreeSchema } from '../../src/ivr/schema.js';
import { createLogger } from '../../src/log.js';
import { loadSettings } from '../../src/settings.js';
import { golden } from '../support/golden.js';
import { demoTree } from '../support/ivr-trees.js';

/** IVR trees compiled into dialplan (src/ivr/compile.ts): golden file, hostile input, the machine's walk. */

const promptPath = (id: number) => `/var/lib/asterisk/sounds/hotline/${id}`;
const compile = { promptPath };

/** demoTree without its lookup, with more keys and destinations, and a hostile display name. */
const tree: IvrTree = IvrTreeSchema.parse({
  start: 'hours',
  nodes: {
    ...Object.fromEntries(Object.entries(demoTree.nodes).filter(([id]) => id !== 'who')),
    closed: { type: 'play', promptId: 9, name: '下班 [x]; ${EXTEN} "q"', next: 'bye' },
    main: {
      ...demoTree.nodes.main,
      name: '主菜单',
      options: { '1': 'sales', '2': 'service', '3': 'acct', '#': 'main', '*': 'other' },
    },
    acct: { ...demoTree.nodes.acct, timeoutSeconds: 6 },
    sales: { type: 'transfer', destination: { type: 'queue', queueId: 1 } },
    op: { type: 'transfer', destination: { type: 'voicemail', extension: '1002' } },
    other: { type: 'transfer', destination: { type: 'ivr', ivrId: 2 } },
  },
});
const lookupTree = IvrTreeSchema.parse({
  start: 'who',
  nodes: {
    who: { type: 'lookup', next: 'q' },
    q: { type: 'transfer', destination: { type: 'queue', queueId: 1 } },
  },
});
const noTerminator = IvrTreeSchema.parse({
  start: 'pin',
  nodes: {
    pin: {
      type: 'collect',
      promptId: 7,
      maxDigits: 1,
      terminator: null,
      variable: 'CHOICE',
      next: 'bye',
    },
    bye: { type: 'hangup' },
  },
});
const ivrs = [
  { id: 1, tree, fallback: { type: 'queue' as const, queueId: 1 } },
  { id: 2, tree: lookupTree, fallback: null },
  { id: 3, tree: noTerminator, fallback: null },
];

t.test(
  'the compiled extensions_ivr.conf matches its golden file; a lookup tree stays in Stasis',
  async (t) => {
    const text = ivrDialplan(ivrs, 'hotline', compile);
    const { expected, actual } = golden('ivr/extensions_ivr_compiled.conf', text);
    t.equal(actual, expected);
    t.match(text, /^\[hotline-ivr-path\]$/m, 'the path subroutine is in the file');
    // the runner takes over the path a compiled IVR kept in its channel variable
    t.match(
      text,
      '[hotline-ivr-2]\nexten => s,1,Answer()\n same => n,Set(LOCAL(path)=${IF($["${HOTLINE_IVR_PATH}" != ""]?${HOTLINE_IVR_PATH}:${CDR(ivrpath)})})\n same => n,Set(HOTLINE_IVR_PATH=)\n same => n,Stasis(hotline,ivr,2,${path})',
    );
    // no step of a compiled IVR touches the CDR (each CDR() waits for Asterisk's CDR queue): only
    // the runner's hand-overs (in, and out to a compiled IVR) and the hangup handler do
    const allowed = [
      ' same => n,Set(HOTLINE_IVR_PATH=${CDR(ivrpath)})',
      ' same => n,Set(LOCAL(path)=${IF($["${HOTLINE_IVR_PATH}" != ""]?${HOTLINE_IVR_PATH}:${CDR(ivrpath)})})',
      'exten => cdr,1,ExecIf($["${HOTLINE_IVR_PATH}" != ""]?Set(CDR(ivrpath)=${HOTLINE_IVR_PATH}))',
    ];
    t.same(
      text.split('\n').filter((l) => l.includes('CDR(') && !allowed.includes(l)),
      [],
      'the path goes on the CDR at hangup only',
    );
    t.match(
      text,
      'exten => cdr,1,ExecIf($["${HOTLINE_IVR_PATH}" != ""]?Set(CDR(ivrpath)=${HOTLINE_IVR_PATH}))',
    );
    t.notMatch(text, 'Stasis(hotline,ivr,1,', 'the tree without a lookup never enters the app');
    t.notMatch(text, /下班|主菜单|\$\{EXTEN\}/, 'display names are never written');
    t.equal(ivrDialplan([...ivrs].reverse(), 'hotline', compile), text, 'input order does not matter');
    t.ok(needsHotlined(lookupTree) && !needsHotlined(tree));
    t.notMatch(ivrDialplan(ivrs, 'hotline'), /hotline-ivr-path|Read\(/, 'the stasis engine compiles nothing');
  },
);

t.test(
  'hostile names never reach the dialplan: the schema refuses them, the compiler checks again',
  async (t) => {
    const hostile = ['a\nb', 'a;b', '[x]', 'a,b', '${EXTEN}', 'a"b', "a'b", '客服一组', 'a b', ''];
    for (const id of hostile) {
      const nodes = { [id]: { type: 'hangup' } };
      t.notOk(IvrTreeSchema.safeParse({ start: id, nodes }).success, `node id ${JSON.stringify(id)} refused`);
      t.throws(
        () =>
          compileIvr({ id: 9, tree: { start: id, nodes } as IvrTree, fallback: null }, new Map(), promptPath),
        /refusing to write unsafe value/,
        `and not compiled: ${JSON.stringify(id)}`,
      );
    }
    const set = (variable: string, value: string) => ({
      start: 's',
      nodes: { s: { type: 'set', variable, value, next: 'b' }, b: { type: 'hangup' } },
    });
    for (const value of ['a,b', 'a;b', '${EXTEN}', 'a)b', 'a\nb', '客服一组', 'a"b'])
      t.notOk(
        IvrTreeSchema.safeParse(set('TIER', value)).success,
        `set value ${JSON.stringify(value)} refused`,
      );
    for (const variable of ['A,B', 'A)', 'a', 'CDR(x)', 'HOTLINE_CLASS', '客服'])
      t.notOk(
        IvrTreeSchema.safeParse(set(variable, 'x')).success,
        `variable ${JSON.stringify(variable)} refused`,
      );
    t.throws(
      () =>
        compileIvr(
          { id: 9, tree: set('TIER', 'a,b),Hangup(') as IvrTree, fallback: null },
          new Map(),
          promptPath,
        ),
      /refusing to write unsafe value/,
    );
    t.throws(
      () => compileIvr({ id: 9, tree, fallback: null }, transferExtensions(tree), () => '/x/1,Hangup()'),
      /refusing to write unsafe value/,
      'a prompt path is checked too',
    );
    // names are free text: none of them reaches the file
    const named = structuredClone(tree);
    for (const [i, n] of Object.values(named.nodes).entries())
      n.name = `${hostile[i % hostile.length]}客服一组`;
    t.equal(
      ivrDialplan([{ id: 1, tree: named, fallback: null }], 'hotline', compile),
      ivrDialplan([{ id: 1, tree, fallback: null }], 'hotline', compile),
    );
  },
);

/** The compiled text of one IVR as extension → steps (`label`, `app`). */
function parse(text: string): Map<string, { label: string; app: string }[]> {
  const exts = new Map<string, { label: string; app: string }[]>();
  let cur: { label: string; app: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(?:exten => ([^,]+),1|\s+same => n)(?:\(([a-z]+)\))?,(.*)$/.exec(line);
    if (!m) continue;
    if (m[1]) {
      cur = [];
      exts.set(m[1], cur);
    }
    cur.push({ label: m[2] ?? '', app: m[3]! });
  }
  return exts;
}

/** The machine started at `from`, driven by hand: the nodes it enters and what it plays. */
function drive(from: string) {
  let state: CallState = initialState({ channelId: 'c', ivrId: 1, tree: { ...tree, start: from } });
  const effects: Effect[] = [];
  const send = (e: CallEvent) => {
    const r = next(state, e);
    state = r.state;
    effects.push(...r.effects);
  };
  send({ type: 'start' });
  return {
    send,
    get state() {
      return state;
    },
    effects,
    plays: () => effects.filter((e) => e.kind === 'play').map((e) => e.promptIds),
    /** The prompt playing now ends. */
    finish: () => send({ type: 'playbackFinished', playbackId: state.playbackId ?? '' }),
    /** The timer armed now runs out. */
    timeout: () => send({ type: 'timer', token: state.timer ?? -1 }),
    key: (digit: string) => send({ type: 'dtmf', digit }),
  };
}

t.test('the compiled dialplan has the machine’s structure, node by node', async (t) => {
  const text = ivrDialplan([ivrs[0]!], 'hotline', compile);
  const plan = parse(text.slice(text.indexOf('[hotline-ivr-1]')));
  const exts = nodeExtensions(tree, transferExtensions(tree));
  const ext = (node: string) => exts.get(node)!;
  const all = (node: string) => plan.get(ext(node))!.map((s) => s.app);
  /** A node's own steps: without its path step (three) and the slow path's two at the end. */
  const steps = (node: string) => all(node).slice(3, -2);
  const gotoOf = (node: string) => `${ext(node)},1`;
  const sound = (ids: number[]) => ids.map(promptPath).join('&');

  t.equal(plan.get('s')!.find((s) => s.app.startsWith('Goto('))!.app, `Goto(${gotoOf(tree.start)})`, 'start');
  // what each step sets: a menu counts tries, a key's target clears the key, a last step only the path
  t.match(all('main')[2], /^MSet\(HOTLINE_IVR_PATH=.*,HOTLINE_IVR_STEPS=.*,HOTLINE_IVR_TRIES=0\)$/);
  t.match(all('bye')[2], /^Set\(HOTLINE_IVR_PATH=[^,]*\)$/, 'a hang-up node keeps only the path');
  t.match(all('sales')[2], /^Set\(HOTLINE_IVR_PATH=[^,]*\)$/, 'so does a transfer');
  t.match(all('tag')[2], /HOTLINE_IVR_VIA=,HOTLINE_IVR_KEYAT=\)$/, "the collect's next clears its key time");
  for (const id of Object.keys(tree.nodes)) {
    t.match(all(id)[0], /^GotoIf\(\$\[\$\{LEN\(/, `${id} records its step first`);
    t.match(all(id)[1], `UserEvent(HotlineIvrPath,Ivr: 1,Node: ${id},`);
    t.match(all(id)[2], /^M?Set\(HOTLINE_IVR_PATH=/);
    t.same(
      all(id).slice(-2),
      [`Gosub(hotline-ivr-path,s,1(1,${id}))`, 'Goto(go)'],
      'a long path: the subroutine',
    );
  }

  // menu: each key goes where the machine goes; prompts, timeout and retries as the machine plays them
  const menu = tree.nodes.main as Extract<IvrTree['nodes'][string], { type: 'menu' }>;
  const m = drive('main');
  t.same(m.plays()[0], [2]);
  t.ok(steps('main').includes(`Read(HOTLINE_IVR_KEY,${sound([2])},1,t(),1,${menu.timeoutSeconds})`));
  for (const key of Object.keys(menu.options)) {
    const w = drive('main');
    w.finish();
    w.key(key);
    t.ok(
      steps('main').includes(`GotoIf($["\${HOTLINE_IVR_KEY}" = "${key}"]?${gotoOf(w.state.path.at(-1)!)})`),
      `key ${key} → ${w.state.path.at(-1)}`,
    );
  }
  // an invalid key, retries + 1 times: the invalid prompt first, then onInvalid
  const bad = drive('main');
  for (let i = 0; i <= menu.retries; i++) {
    bad.finish();
    bad.key('9');
  }
  t.same(
    bad.plays().slice(1),
    Array(menu.retries).fill([3, 2]),
    'the machine re-prompts with the invalid prompt',
  );
  t.ok(steps('main').includes(`Read(HOTLINE_IVR_KEY,${sound([3, 2])},1,t(),1,${menu.timeoutSeconds})`));
  t.ok(steps('main').includes(`GotoIf($[\${HOTLINE_IVR_TRIES} <= ${menu.retries}]?again)`));
  t.same(bad.state.path.slice(-2), ['!invalid', 'bye']);
  const inv = steps('main').indexOf('Set(HOTLINE_IVR_VIA=!invalid)');
  t.equal(steps('main')[inv + 1], `Goto(${gotoOf('bye')})`, 'onInvalid');
  // silence, retries + 1 times: the menu prompt again, then onTimeout
  const quiet = drive('main');
  for (let i = 0; i <= menu.retries; i++) {
    quiet.finish();
    quiet.timeout();
  }
  t.same(quiet.plays(), Array(menu.retries + 1).fill([2]));
  t.ok(steps('main').includes(`GotoIf($[\${HOTLINE_IVR_TRIES} <= ${menu.retries}]?ask)`));
  t.same(quiet.state.path.slice(-2), ['!timeout', 'op']);
  const to = steps('main').indexOf('Set(HOTLINE_IVR_VIA=!timeout)');
  t.equal(steps('main')[to + 1], `Goto(${gotoOf('op')})`, 'onTimeout');

  // play → next, schedule → open / closed, set → next with the variable, collect → next
  const play = drive('welcome');
  play.finish();
  t.equal(play.state.node, 'main');
  t.ok(steps('welcome').includes(`Read(HOTLINE_IVR_AHEAD,${sound([1])},1,t(),1,0.001)`));
  t.ok(steps('welcome').includes(`Goto(${gotoOf('main')})`));
  // a key during the play node is the menu's first key: no menu prompt
  const ahead = drive('welcome');
  ahead.key('1');
  t.same(ahead.state.path, ['welcome', 'main', '1', 'sales']);
  t.same(ahead.plays(), [[1]]);
  t.same(drive('hours').effects.at(-1), { kind: 'checkSchedule', scheduleId: 4 });
  for (const open of [true, false]) {
    const s = drive('hours');
    s.send({ type: 'scheduleResult', open });
    t.match(steps('hours').at(-1)!, open ? `?${gotoOf(s.state.path[1]!)}:` : `:${gotoOf(s.state.path[1]!)})`);
  }
  t.ok(steps('hours').includes('Gosub(hotline-schedule-4,s,1)'));
  const set = drive('tag');
  t.ok(set.effects.some((e) => e.kind === 'setVar' && e.name === 'TIER' && e.value === 'gold'));
  t.ok(steps('tag').includes('Set(TIER=gold)') && steps('tag').includes(`Goto(${gotoOf('service')})`));
  const acct = drive('acct');
  acct.finish();
  for (const d of '1234#') acct.key(d);
  t.same(acct.state.path.slice(0, 2), ['acct', 'tag']);
  t.ok(acct.effects.some((e) => e.kind === 'setVar' && e.name === 'ACCOUNT' && e.value === '1234'));
  t.ok(steps('acct').includes(`Read(ACCOUNT,${sound([5])},6,t(#),1,6)`));
  t.ok(steps('acct').includes(`GotoIf($[\${LEN(\${ACCOUNT})} >= 4]?${gotoOf('tag')})`));
  t.ok(steps('acct').includes('GotoIf($[${HOTLINE_IVR_TRIES} <= 1]?ask)'));
  // transfers and hang-up end the walk
  t.same(drive('sales').effects.at(-1), { kind: 'transfer', nodeId: 'sales' });
  t.match(
    steps('sales').join('\n'),
    /^GotoIf\(\$\{DIALPLAN_EXISTS\(hotline-queue-1,s,1\)\}\?hotline-queue-1,s,1\)\nReturn\(\)$/,
  );
  t.same(drive('bye').effects.at(-1), { kind: 'hangup' });
  t.equal(steps('bye').at(-1), 'Hangup()');
});

t.test(
  'UserEvent HotlineIvrPath becomes ivr.path, with the step latency when a key started it',
  async (t) => {
    let handler: (e: AmiMessage) => void = () => {};
    const ami = {
      onEvent: (fn: typeof handler) => {
        handler = fn;
        return () => {};
      },
      onState: () => () => {},
    };
    const bus = new Bus(createLogger('silent'));
    const got: LiveEvents['ivr.path'][] = [];
    bus.on('test', 'ivr.path', (e) => got.push(e));
    bridgeAmiToBus(ami as never, bus, createLogger('silent'));
    const ev = (fields: Record<string, string>) =>
      handler({
        Event: 'UserEvent',
        UserEvent: 'HotlineIvrPath',
        Uniqueid: '1700000000.7',
        ...fields,
      } as AmiMessage);
    ev({ Ivr: '3', Node: 'main', Via: '', Path: 'main', KeyAt: '', At: '1764748000.500' });
    ev({
      Ivr: '3',
      Node: 'sales',
      Via: '1',
      Path: 'main>1>sales',
      KeyAt: '1764748000.497',
      At: '1764748000.500',
      // the manager thread's time, later on a busy box: not the caller's wait
      Timestamp: '1764748000.580100',
    });
    ev({ Ivr: 'x', Path: 'main' });
    ev({ Ivr: '3', Path: 'main>1\n>x' });
    t.same(got, [
      { channelId: '1700000000.7', ivrId: 3, path: ['main'] },
      { channelId: '1700000000.7', ivrId: 3, path: ['main', '1', 'sales'], stepMs: 3 },
    ]);
  },
);

t.test('ivr.engine: dialplan by default, the file can say stasis, HOTLINE_IVR_ENGINE wins', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-engine-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'hotline.json');
  const write = (extra: object) =>
    writeFileSync(
      file,
      JSON.stringify({
        dataDir: dir,
        asterisk: { ami: { secret: 'x'.repeat(20) }, ari: { password: 'x'.repeat(20) } },
        ...extra,
      }),
    );
  write({});
  t.equal(loadSettings({ HOTLINE_CONFIG: file }).ivr.engine, 'dialplan');
  t.equal(loadSettings({ HOTLINE_CONFIG: file, HOTLINE_IVR_ENGINE: 'stasis' }).ivr.engine, 'stasis');
  write({ ivr: { engine: 'stasis' } });
  t.equal(loadSettings({ HOTLINE_CONFIG: file }).ivr.engine, 'stasis');
  t.equal(loadSettings({ HOTLINE_CONFIG: file, HOTLINE_IVR_ENGINE: 'dialplan' }).ivr.engine, 'dialplan');
  t.throws(() => loadSettings({ HOTLINE_CONFIG: file, HOTLINE_IVR_ENGINE: 'ari' }), /ivr.engine must be/);
});
