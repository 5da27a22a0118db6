import t from 'tap';
import type { Destination } from '../../src/destinations/schema.js';
import { queuesConf, queuesDialplan } from '../../src/queues/confgen.js';
import { type Queue, QueueSettings } from '../../src/queues/schema.js';
import { golden } from '../support/golden.js';

const queue = (
  id: number,
  name: string,
  number: string | null,
  settings: Partial<QueueSettings>,
  overflow: Destination,
): Queue => ({
  id,
  name,
  number,
  settings: QueueSettings.parse(settings),
  overflow,
  dispositions: [],
  screenPopUrl: null,
  createdAt: 0,
  updatedAt: 0,
});

/** Every strategy, recording policy and empty rule; overflow to a seat, a queue and a schedule. */
const PROMPTS = '/var/lib/hotline/prompts';

const demo: Queue[] = [
  queue(
    3,
    '售后服务',
    '8003',
    {
      strategy: 'leastrecent',
      recording: 'never',
      boundAgentSeconds: 20,
      maxWaitSeconds: 60,
      joinEmpty: 'available',
      leaveWhenEmpty: 'available',
      announcePosition: false,
      announceHoldTime: true,
      announceEverySeconds: 45,
    },
    {
      type: 'schedule',
      scheduleId: 2,
      open: { type: 'queue', queueId: 2 },
      closed: { type: 'voicemail', extension: '1005' },
    },
  ),
  queue(
    1,
    '客服一组',
    '8001',
    {
      strategy: 'rrmemory',
      recording: 'always',
      boundAgentSeconds: 15,
      maxWaitSeconds: 300,
      callbackKey: '1',
      callbackPromptId: 12,
      callbackOfferEverySeconds: 45,
    },
    { type: 'seat', extension: '1005' },
  ),
  queue(
    2,
    '贵宾专线',
    null,
    {
      strategy: 'ringall',
      recording: 'on_demand',
      boundAgentSeconds: 0,
      maxWaitSeconds: 0,
      joinEmpty: 'always',
      leaveWhenEmpty: 'always',
      announcePosition: false,
      maxCallers: 10,
      musicOnHold: 'vip-music_2',
    },
    { type: 'queue', queueId: 1 },
  ),
  queue(
    4,
    '投诉',
    '8004',
    { strategy: 'fewestcalls', ringTimeoutSeconds: 30, wrapUpSeconds: 0 },
    { type: 'hangup' },
  ),
  queue(5, '技术支持', null, { strategy: 'linear', serviceLevelSeconds: 60 }, { type: 'hangup' }),
  queue(
    6,
    '回访',
    '8006',
    { strategy: 'wrandom', recording: 'always', boundAgentSeconds: 0 },
    { type: 'hangup' },
  ),
];
const NAMES = /售后|客服|专线|投诉|技术|回访/;

/** The lines of one section / context: from its header to the next blank line. */
const block = (text: string, header: string) => {
  const start = text.indexOf(`${header}\n`);
  if (start < 0) throw new Error(`no ${header}`);
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end < 0 ? undefined : end).trimEnd();
};

t.test('queues.conf matches its golden file: one section per queue, sorted by id, no names', async (t) => {
  const { expected, actual } = golden('queues/queues.conf', queuesConf(demo, PROMPTS));
  t.equal(actual, expected);
  t.notMatch(actual, NAMES);
  t.same(
    [...actual.matchAll(/^\[(q[0-9]+)\]$/gm)].map((m) => m[1]),
    ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'],
  );
  for (const [i, strategy] of [
    'rrmemory',
    'ringall',
    'leastrecent',
    'fewestcalls',
    'linear',
    'wrandom',
  ].entries())
    t.match(block(actual, `[q${i + 1}]`), `\nstrategy = ${strategy}\n`);
});

t.test('the callback offer is a periodic announcement only where a key and a prompt are set', async (t) => {
  const conf = queuesConf(demo, PROMPTS);
  t.match(
    block(conf, '[q1]'),
    /\ncontext = hotline-callback-exit-1\nperiodic-announce = \/var\/lib\/hotline\/prompts\/12\nperiodic-announce-frequency = 45$/,
  );
  t.notMatch(conf.replace(block(conf, '[q1]'), ''), /periodic-announce/, 'no other queue offers it');
  const noPrompt = queuesConf(
    [{ ...demo[0]!, settings: { ...demo[0]!.settings, callbackPromptId: null } }],
    PROMPTS,
  );
  t.notMatch(noPrompt, /periodic-announce/, 'a key without a prompt: no offer is played');
  const noKey = queuesConf([{ ...demo[0]!, settings: { ...demo[0]!.settings, callbackKey: '' } }], PROMPTS);
  t.notMatch(noKey, /periodic-announce|context =/, 'no key: neither the exit context nor the offer');
  t.throws(() => queuesConf(demo, '/tmp/x\n[evil]'), /unsafe value/, 'a hostile prompt folder');
});

t.test('queues.conf maps the empty rules to app_queue status lists', async (t) => {
  const conf = queuesConf(demo, PROMPTS);
  // always: join and stay whatever the members (app_queue: joinempty=yes, leavewhenempty=no)
  t.match(block(conf, '[q2]'), /\njoinempty = yes\nleavewhenempty = no\n/);
  t.match(
    block(conf, '[q1]'),
    /\njoinempty = unavailable,invalid,unknown\nleavewhenempty = unavailable,invalid,unknown\n/,
  );
  const available = 'paused,penalty,inuse,ringing,unavailable,invalid,unknown,wrapup';
  t.match(block(conf, '[q3]'), `\njoinempty = ${available}\nleavewhenempty = ${available}\n`);
  t.match(block(conf, '[q2]'), /\nmaxlen = 10\nmusicclass = vip-music_2\nannounce-frequency = 0\n/);
  t.match(
    block(conf, '[q3]'),
    /\nannounce-frequency = 45\nannounce-position = no\nannounce-holdtime = yes\n/,
  );
  t.match(block(conf, '[q4]'), /\ntimeout = 30\n[\s\S]*\nwrapuptime = 0\n/);
  t.match(block(conf, '[q5]'), /\nservicelevel = 60\n/);
});

t.test('extensions_queues.conf matches its golden file, sorted by id, no names', async (t) => {
  const { expected, actual } = golden('queues/extensions_queues.conf', queuesDialplan(demo));
  t.equal(actual, expected);
  t.notMatch(actual, NAMES);
  t.same(
    [...actual.matchAll(/^\[(hotline-queue-[0-9a-z-]+)\]$/gm)].map((m) => m[1]),
    [
      'hotline-queue-numbers',
      'hotline-queue-1',
      'hotline-queue-2',
      'hotline-queue-3',
      'hotline-queue-4',
      'hotline-queue-5',
      'hotline-queue-6',
    ],
  );
  t.equal(
    block(actual, '[hotline-queue-numbers]'),
    [
      '[hotline-queue-numbers]',
      'exten => 8001,1,Goto(hotline-queue-1,s,1)',
      'exten => 8003,1,Goto(hotline-queue-3,s,1)',
      'exten => 8004,1,Goto(hotline-queue-4,s,1)',
      'exten => 8006,1,Goto(hotline-queue-6,s,1)',
    ].join('\n'),
    'queues without a number are not dialable',
  );
});

t.test('the queue dialplan follows each queue: bound agent, recording, max wait, overflow', async (t) => {
  const plan = queuesDialplan(demo);
  const q1 = block(plan, '[hotline-queue-1]');
  const q2 = block(plan, '[hotline-queue-2]');
  const q3 = block(plan, '[hotline-queue-3]');
  const q6 = block(plan, '[hotline-queue-6]');

  t.match(
    q1,
    'Dial(PJSIP/${HOTLINE_BOUND},15,tU(hotline-answered^${HOTLINE_BOUND}^q1))',
    'bound agent rings 15 s; its answer goes to queue_log for q1',
  );
  t.match(q3, 'Dial(PJSIP/${HOTLINE_BOUND},20,tU(hotline-answered^${HOTLINE_BOUND}^q3))');
  for (const q of [q1, q2, q3, q6]) {
    // Asterisk refuses DB() ("Dangerous function DB read blocked") after hotlined's IVR
    t.notMatch(q, /\$\{DB\(/, 'AstDB is read with DB_EXISTS, never DB()');
    t.match(q, 'Set(HOTLINE_VIP=${IF(${DB_EXISTS(hotline-vip/${HOTLINE_CID})}?${DB_RESULT})})');
  }
  t.match(q1, 'Set(HOTLINE_BOUND_AGENT=${IF(${DB_EXISTS(hotline-bound/${HOTLINE_CID})}?${DB_RESULT})})');
  t.notMatch(q2, /HOTLINE_BOUND/, 'boundAgentSeconds 0: no bound-agent attempt');
  t.notMatch(q6, /HOTLINE_BOUND/);
  for (const q of [q1, q2, q3, q6])
    t.match(q, 'Set(QUEUE_PRIO=${FILTER(0-9,${HOTLINE_VIP})})', 'VIP priority');

  t.match(q1, /n,Queue\(q1,t,,,300\)/, 'max wait 300');
  t.match(q2, /n,Queue\(q2,t,,,\)/, 'max wait 0: no timeout');
  t.match(q2, 'hotline-record', 'on_demand: the *1 feature is offered on the call');
  t.match(q3, /n,Queue\(q3,t,,,60\)/);

  const record = 'Gosub(hotline-record-start,s,1)';
  t.equal(q1.split(record).length - 1, 1, 'always: once, before the bound agent and the queue');
  t.ok(q1.indexOf(record) < q1.indexOf('Dial('), 'the bound agent call is recorded too');
  t.equal(q6.split(record).length - 1, 1, 'always without bound agent: once');
  t.notMatch(q2, /hotline-record-start/, 'on_demand: the agent starts it');
  t.notMatch(q3, /hotline-record/, 'never');

  t.match(q1, /\(overflow\),NoOp[^\n]*\n same => n,Gosub\(hotline-call-seat,s,1\(1005,[0-9]+\)\)/);
  t.match(q2, /\(overflow\),NoOp[^\n]*\n same => n,GotoIf\(\$\{DIALPLAN_EXISTS\(hotline-queue-1,s,1\)\}/);
  t.match(q3, 'Gosub(hotline-schedule-2,s,1)');
  t.match(q3, 'oopen', 'schedule labels carry the overflow prefix');
  t.match(q3, 'VoiceMail(1005@default,u)');
  for (const q of [q1, q2, q3, q6]) t.match(q, /Hangup\(\)$/, 'ends in a hangup');
});

t.test('no queues: banners and an empty numbers context', async (t) => {
  t.notMatch(queuesConf([], PROMPTS), /^\[/m);
  t.notMatch(queuesDialplan([]), /^exten/m);
});

t.test('the generators refuse a hostile value that bypassed validation', async (t) => {
  const base = demo[1]!;
  const hostile = (patch: Partial<Queue>, settings: Partial<QueueSettings> = {}): Queue[] => [
    { ...base, ...patch, settings: { ...base.settings, ...settings } },
  ];
  for (const moh of ['default\n[x]', 'default;x', 'Default', '${EXTEN}', 'x'.repeat(40)])
    t.throws(
      () => queuesConf(hostile({}, { musicOnHold: moh }), PROMPTS),
      /unsafe value/,
      `musicOnHold ${JSON.stringify(moh)}`,
    );
  for (const number of ['80;01', '8001\n[evil]', '8001,1,System(id)', '${EXTEN}', '1'])
    t.throws(() => queuesDialplan(hostile({ number })), /unsafe value/, `number ${JSON.stringify(number)}`);
  t.throws(
    () => queuesDialplan(hostile({ overflow: { type: 'seat', extension: '1001)\n[x' } })),
    /unsafe value/,
    'overflow extension',
  );
  t.throws(
    () => queuesDialplan(hostile({ overflow: { type: 'external', number: '10086,1,System(id)' } })),
    /unsafe value/,
    'overflow number',
  );
  t.throws(() => queuesDialplan(hostile({ id: -1 })), /unsafe value/, 'queue id');
  t.throws(
    () => queuesConf(hostile({ id: Number.NaN }), PROMPTS),
    /unsafe value/,
    'queue id NaN in queues.conf',
  );
});

t.test(
  'a queue with a callback key names its exit context and keeps the time the caller joined',
  async (t) => {
    const conf = queuesConf(demo, PROMPTS);
    t.match(block(conf, '[q1]'), /\ncontext = hotline-callback-exit-1\n/);
    t.notMatch(block(conf, '[q2]'), /\ncontext = /, 'no key: no exit context');
    const plan = queuesDialplan(demo);
    const q1 = block(plan, '[hotline-queue-1]');
    t.match(q1, 'ExecIf($["${HOTLINE_QUEUED_AT}" = ""]?Set(HOTLINE_QUEUED_AT=${EPOCH}))');
    t.ok(q1.indexOf('HOTLINE_QUEUED_AT') < q1.indexOf('Queue(q1'), 'set before the caller joins');
    t.notMatch(block(plan, '[hotline-queue-2]'), /HOTLINE_QUEUED_AT/);
  },
);
