import t from 'tap';
import type { Destination } from '../../src/destinations/schema.js';
import { isAppError, validation } from '../../src/errors.js';
import { checkTree, type TreeRefs } from '../../src/ivr/graph.js';
import { IvrCreate, type IvrTree, MAX_NODES } from '../../src/ivr/schema.js';

/** The field the API's error handler would name for this body, or null when it is valid. */
function refusal(body: unknown, refs: TreeRefs = allExist): { field: string; message: string } | null {
  const r = IvrCreate.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    return {
      field: [...issue.path, ...(unknownKey ? [unknownKey] : [])].join('.'),
      message: issue.message,
    };
  }
  try {
    checkTree(r.data.tree as IvrTree, refs);
    return null;
  } catch (err) {
    if (isAppError(err, 'validation')) return { field: err.field ?? '', message: err.message };
    throw err;
  }
}

const allExist: TreeRefs = {
  promptExists: () => true,
  scheduleExists: () => true,
  checkDestination: () => {},
};

const hangup = () => ({ type: 'hangup' });
const toSeat = (extension = '1003') => ({ type: 'transfer', destination: { type: 'seat', extension } });

/** A realistic tree: lookup → hours → main menu (1 sales, 2 service, 0 operator) with a collect branch. */
function sample(): any {
  return {
    name: '客服热线',
    tree: {
      start: 'who',
      nodes: {
        who: { type: 'lookup', name: '查客户', next: 'hours' },
        hours: { type: 'schedule', scheduleId: 1, open: 'welcome', closed: 'closedmsg' },
        closedmsg: { type: 'play', promptId: 3, next: 'bye' },
        welcome: { type: 'play', name: '欢迎', promptId: 1, next: 'main' },
        main: {
          type: 'menu',
          name: '主菜单',
          promptId: 2,
          options: { '1': 'sales', '2': 'service', '0': 'op', '9': 'account', '*': 'main' },
          timeoutSeconds: 5,
          retries: 2,
          invalidPromptId: 4,
          onTimeout: 'op',
          onInvalid: 'op',
        },
        sales: toSeat('1001'),
        service: toSeat('1003'),
        op: { type: 'set', variable: 'TIER', value: 'operator', next: 'opx' },
        opx: toSeat('1002'),
        account: {
          type: 'collect',
          promptId: 5,
          minDigits: 4,
          maxDigits: 8,
          terminator: '#',
          variable: 'ACCOUNT',
          next: 'service',
        },
        bye: hangup(),
      },
    },
  };
}

t.test('a realistic tree with every node type is accepted, defaults filled in', async (t) => {
  t.equal(refusal(sample()), null);
  const parsed = IvrCreate.parse(sample());
  t.same(parsed.fallback, null, 'fallback defaults to null (the route fallback)');
  const minimal = IvrCreate.parse({
    name: 'x',
    tree: {
      start: 'm',
      nodes: {
        m: { type: 'menu', promptId: 1, options: { '1': 'h' }, onTimeout: 'h', onInvalid: 'h' },
        h: hangup(),
      },
    },
  });
  t.match(minimal.tree.nodes.m, { timeoutSeconds: 5, retries: 2, invalidPromptId: null });
});

t.test('a menu looping back to itself is fine when it has an exit', async (t) => {
  const body = {
    name: 'loop',
    tree: {
      start: 'm',
      nodes: {
        m: { type: 'menu', promptId: 1, options: { '9': 'm', '1': 'x' }, onTimeout: 'm', onInvalid: 'm' },
        x: hangup(),
      },
    },
  };
  t.equal(refusal(body), null);
});

const cases: [string, (b: any) => void, string, RegExp?][] = [
  ['unknown node type', (b) => (b.tree.nodes.op = { type: 'System', next: 'bye' }), 'tree.nodes.op.type'],
  [
    'dangling menu option',
    (b) => (b.tree.nodes.main.options['2'] = 'nowhere'),
    'tree.nodes.main.options.2',
    /nowhere/,
  ],
  ['dangling next', (b) => (b.tree.nodes.welcome.next = 'gone'), 'tree.nodes.welcome.next'],
  ['dangling schedule branch', (b) => (b.tree.nodes.hours.closed = 'gone'), 'tree.nodes.hours.closed'],
  ['dangling onInvalid', (b) => (b.tree.nodes.main.onInvalid = 'gone'), 'tree.nodes.main.onInvalid'],
  ['start names no node', (b) => (b.tree.start = 'gone'), 'tree.start'],
  ['start is not an id', (b) => (b.tree.start = 'a;b'), 'tree.start'],
  ['node id with ;', (b) => (b.tree.nodes['x;System(id)'] = hangup()), 'tree.nodes', /x;System/],
  ['node id with a newline', (b) => (b.tree.nodes['a\n[hotline-seats]'] = hangup()), 'tree.nodes', /\\n/],
  ['node id with ${...}', (b) => (b.tree.nodes['${EXTEN}'] = hangup()), 'tree.nodes'],
  ['node id too long', (b) => (b.tree.nodes['x'.repeat(33)] = hangup()), 'tree.nodes'],
  ['node id in Chinese', (b) => (b.tree.nodes.客服 = hangup()), 'tree.nodes'],
  ['reference with a comma', (b) => (b.tree.nodes.welcome.next = 'main,1'), 'tree.nodes.welcome.next'],
  ['menu option key not a digit', (b) => (b.tree.nodes.main.options.a = 'op'), 'tree.nodes.main.options.a'],
  [
    'menu option key two digits',
    (b) => (b.tree.nodes.main.options['12'] = 'op'),
    'tree.nodes.main.options.12',
  ],
  ['menu without options', (b) => (b.tree.nodes.main.options = {}), 'tree.nodes.main.options'],
  ['menu timeout 0', (b) => (b.tree.nodes.main.timeoutSeconds = 0), 'tree.nodes.main.timeoutSeconds'],
  ['menu retries 99', (b) => (b.tree.nodes.main.retries = 99), 'tree.nodes.main.retries'],
  ['prompt id as a string', (b) => (b.tree.nodes.main.promptId = '2;Hangup'), 'tree.nodes.main.promptId'],
  ['unknown field on a node', (b) => (b.tree.nodes.bye.app = 'System(id)'), 'tree.nodes.bye.app'],
  ['display name with a newline', (b) => (b.tree.nodes.main.name = '主菜单\n[x]'), 'tree.nodes.main.name'],
  ['IVR name too long', (b) => (b.name = '客'.repeat(65)), 'name'],
  ['set: lower-case variable', (b) => (b.tree.nodes.op.variable = 'tier'), 'tree.nodes.op.variable'],
  [
    'set: reserved variable',
    (b) => (b.tree.nodes.op.variable = 'DIALSTATUS'),
    'tree.nodes.op.variable',
    /reserved/,
  ],
  ['set: HOTLINE_ variable', (b) => (b.tree.nodes.op.variable = 'HOTLINE_CLASS'), 'tree.nodes.op.variable'],
  ['set: Gosub argument', (b) => (b.tree.nodes.op.variable = 'ARG1'), 'tree.nodes.op.variable'],
  ['set: value with ${...}', (b) => (b.tree.nodes.op.value = '${SHELL(id)}'), 'tree.nodes.op.value'],
  ['set: value with ,', (b) => (b.tree.nodes.op.value = 'a,b'), 'tree.nodes.op.value'],
  ['set: value with a newline', (b) => (b.tree.nodes.op.value = 'a\nb'), 'tree.nodes.op.value'],
  ['set: value too long', (b) => (b.tree.nodes.op.value = 'x'.repeat(65)), 'tree.nodes.op.value'],
  ['collect: min > max', (b) => (b.tree.nodes.account.minDigits = 9), 'tree.nodes.account.minDigits'],
  ['collect: max 0', (b) => (b.tree.nodes.account.maxDigits = 0), 'tree.nodes.account.maxDigits'],
  [
    'collect: bad terminator',
    (b) => (b.tree.nodes.account.terminator = ';'),
    'tree.nodes.account.terminator',
  ],
  [
    'collect: reserved variable',
    (b) => (b.tree.nodes.account.variable = 'EXTEN'),
    'tree.nodes.account.variable',
  ],
  [
    'transfer: hostile extension',
    (b) => (b.tree.nodes.sales.destination.extension = '1001,1,System(id)'),
    'tree.nodes.sales.destination.extension',
  ],
  [
    'transfer: unknown destination type',
    (b) => (b.tree.nodes.sales.destination = { type: 'shell' }),
    'tree.nodes.sales.destination.type',
  ],
  ['tree as an array', (b) => (b.tree.nodes = []), 'tree.nodes'],
  ['no nodes', (b) => (b.tree.nodes = {}), 'tree.nodes'],
  ['unknown top-level field', (b) => (b.dialplan = 'x'), 'dialplan'],
];

t.test('hostile or broken trees are refused naming the path of the bad node', async (t) => {
  for (const [what, mutate, field, message] of cases) {
    const body = sample();
    mutate(body);
    const r = refusal(body);
    t.equal(r?.field, field, what);
    if (message) t.match(r?.message, message, `${what}: message`);
  }
});

t.test('loops without an exit are refused; the node named is on the loop', async (t) => {
  const plays = sample();
  plays.tree.nodes.closedmsg.next = 'again';
  plays.tree.nodes.again = { type: 'play', promptId: 1, next: 'closedmsg' };
  delete plays.tree.nodes.bye;
  const r = refusal(plays);
  t.match(r?.field, /^tree\.nodes\.(closedmsg|again)$/, 'a cycle of plays');
  t.match(r?.message, /loop without an exit/);

  const menuTrap = {
    name: 'trap',
    tree: {
      start: 'm',
      nodes: {
        m: { type: 'menu', promptId: 1, options: { '1': 'p' }, onTimeout: 'm', onInvalid: 'm' },
        p: { type: 'play', promptId: 1, next: 'm' },
      },
    },
  };
  t.match(refusal(menuTrap)?.message, /loop without an exit/, 'a menu whose every way leads back');

  const spin = {
    name: 'spin',
    tree: {
      start: 's',
      nodes: {
        s: { type: 'schedule', scheduleId: 1, open: 'v', closed: 'x' },
        v: { type: 'set', variable: 'A', value: '1', next: 's' },
        x: hangup(),
      },
    },
  };
  const s = refusal(spin);
  t.match(s?.field, /^tree\.nodes\.(s|v)$/, 'a loop with an exit that never waits for the caller');
  t.match(s?.message, /never waits for the caller/);

  const self = { name: 'self', tree: { start: 'p', nodes: { p: { type: 'play', promptId: 1, next: 'p' } } } };
  t.equal(refusal(self)?.field, 'tree.nodes.p', 'a play pointing at itself');
});

t.test('depth > 10 from start is refused at the first node too deep', async (t) => {
  const chain = (n: number) => {
    const nodes: Record<string, unknown> = {};
    for (let i = 1; i < n; i++)
      nodes[`n${i}`] = { type: 'set', variable: 'A', value: String(i), next: `n${i + 1}` };
    nodes[`n${n}`] = hangup();
    return { name: 'deep', tree: { start: 'n1', nodes } };
  };
  t.equal(refusal(chain(10)), null, '10 steps are fine');
  const r = refusal(chain(11));
  t.equal(r?.field, 'tree.nodes.n11');
  t.match(r?.message, /more than 10 steps/);
});

t.test('a node nothing leads to is refused', async (t) => {
  const body = sample();
  body.tree.nodes.orphan = hangup();
  t.equal(refusal(body)?.field, 'tree.nodes.orphan');
});

t.test('a 10,000-node tree is refused naming tree.nodes, before any node is parsed', async (t) => {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < 10_000; i++) nodes[`n${i}`] = { type: 'bogus', next: `n${i + 1}` };
  const r = refusal({ name: 'huge', tree: { start: 'n0', nodes } });
  // every node is bogus: had they been parsed, the first error would name tree.nodes.n0.type
  t.equal(r?.field, 'tree.nodes');
  t.match(r?.message, new RegExp(`at most ${MAX_NODES} nodes`));
  const atLimit: Record<string, unknown> = { n0: hangup() };
  for (let i = 1; i < MAX_NODES; i++) atLimit[`m${i}`] = hangup();
  t.equal(
    refusal({ name: 'wide', tree: { start: 'n0', nodes: atLimit } })?.field,
    'tree.nodes.m1',
    `${MAX_NODES} nodes pass the size check`,
  );
});

t.test('prompts, schedules and destinations are checked through the injected lookups', async (t) => {
  const refs = (over: Partial<TreeRefs>): TreeRefs => ({ ...allExist, ...over });
  t.equal(
    refusal(sample(), refs({ promptExists: (id) => id !== 4 }))?.field,
    'tree.nodes.main.invalidPromptId',
  );
  t.equal(refusal(sample(), refs({ promptExists: (id) => id !== 5 }))?.field, 'tree.nodes.account.promptId');
  t.equal(refusal(sample(), refs({ scheduleExists: () => false }))?.field, 'tree.nodes.hours.scheduleId');
  const seen: string[] = [];
  const r = refusal(
    sample(),
    refs({
      checkDestination: (d: Destination, field) => {
        seen.push(field);
        if (d.type === 'seat' && d.extension === '1003')
          throw validation(`${field}.extension`, 'no seat 1003');
      },
    }),
  );
  t.equal(r?.field, 'tree.nodes.service.destination.extension');
  t.ok(seen.includes('tree.nodes.sales.destination'));

  const intoSelf = sample();
  intoSelf.tree.nodes.sales.destination = { type: 'ivr', ivrId: 7 };
  t.equal(refusal(intoSelf, refs({ selfId: 7 }))?.field, 'tree.nodes.sales.destination.ivrId');
  t.equal(refusal(intoSelf, refs({ selfId: 8 })), null, 'another IVR is fine');
  const schedSelf = sample();
  schedSelf.tree.nodes.sales.destination = {
    type: 'schedule',
    scheduleId: 1,
    open: { type: 'ivr', ivrId: 7 },
    closed: { type: 'hangup' },
  };
  t.equal(refusal(schedSelf, refs({ selfId: 7 }))?.field, 'tree.nodes.sales.destination.open.ivrId');
});
