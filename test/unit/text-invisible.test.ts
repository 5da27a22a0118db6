import t from 'tap';
import type { z } from 'zod';
import { agentsDialplan } from '../../src/agents/confgen.js';
import { AgentCreate, PauseBody, PauseReasonCreate } from '../../src/agents/schema.js';
import { AnnouncementCreate } from '../../src/announcements/schema.js';
import { assertConfigValue } from '../../src/asterisk/confgen-util.js';
import { CustomerCreate } from '../../src/customers/schema.js';
import { InboundCreate } from '../../src/inbound/schema.js';
import { IvrCreate } from '../../src/ivr/schema.js';
import { ArticleCreate } from '../../src/kb/schema.js';
import { UNSAFE_MULTILINE, UNSAFE_TEXT, unsafeTextAnd } from '../../src/kit/text.js';
import { RouteCreate } from '../../src/outbound/schema.js';
import { PromptTts, PromptUpdate } from '../../src/prompts/schema.js';
import { QueueCreate } from '../../src/queues/schema.js';
import { ScheduleCreate } from '../../src/schedules/schema.js';
import { seatsPjsipConf } from '../../src/seats/confgen.js';
import { SeatCreate } from '../../src/seats/schema.js';
import { TicketCreate } from '../../src/tickets/schema.js';
import { callerIdLines } from '../../src/trunks/confgen.js';
import { TrunkCreate } from '../../src/trunks/schema.js';
import { CreateTokenSchema, CreateUserSchema } from '../../src/users/schema.js';
import { mailboxName, voicemailSeatsConf } from '../../src/voicemail/confgen.js';

/** Characters that make a name render as something else or break a line, each inside a plausible name. */
const INVISIBLE: [string, string][] = [
  ['U+2028 line separator', '\u2028'],
  ['U+2029 paragraph separator', '\u2029'],
  ['U+0085 next line', '\u0085'],
  ['U+202E right-to-left override', '\u202e'],
  ['U+202A left-to-right embedding', '\u202a'],
  ['U+2066 left-to-right isolate', '\u2066'],
  ['U+2069 pop directional isolate', '\u2069'],
  ['U+200E left-to-right mark', '\u200e'],
  ['U+200F right-to-left mark', '\u200f'],
  ['U+061C Arabic letter mark', '\u061c'],
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['U+009B C1 control', '\u009b'],
  ['lone surrogate', '\ud800'],
];
/** The spoof from the report: shows as 客服1001 read backwards. */
const spoof = (c: string) => `客服${c}1001`;

/** Every field that reaches a config file or Asterisk, with a valid body around it. */
const FIELDS: [string, z.ZodType, (v: string) => unknown, string][] = [
  ['seat name', SeatCreate, (name) => ({ extension: '1001', name }), 'name'],
  ['queue name', QueueCreate, (name) => ({ name }), 'name'],
  ['queue disposition', QueueCreate, (d) => ({ name: 'q', dispositions: [d] }), 'dispositions.0'],
  [
    'queue screen-pop URL',
    QueueCreate,
    (path) => ({ name: 'q', screenPopUrl: `https://crm.example.com/${path}?tel={caller}` }),
    'screenPopUrl',
  ],
  ['agent name', AgentCreate, (name) => ({ extension: '1001', name }), 'name'],
  ['pause reason', PauseReasonCreate, (name) => ({ code: 5, name }), 'name'],
  ['pause by reason', PauseBody, (reason) => ({ reason }), 'reason'],
  ['trunk name', TrunkCreate, (name) => ({ kind: 'sip', name, host: 'sip.example.net', auth: 'ip' }), 'name'],
  [
    'trunk caller-ID name',
    TrunkCreate,
    (name) => ({
      kind: 'sip',
      name: 't',
      host: 'sip.example.net',
      auth: 'ip',
      callerId: { number: '1', name },
    }),
    'callerId.name',
  ],
  [
    'outbound route name',
    RouteCreate,
    (name) => ({ name, patterns: ['_1X.'], requiredClass: 'national', trunkIds: [1] }),
    'name',
  ],
  [
    'outbound caller-ID name',
    RouteCreate,
    (name) => ({
      name: 'r',
      patterns: ['_1X.'],
      requiredClass: 'national',
      trunkIds: [1],
      callerId: { number: '1', name },
    }),
    'callerId.name',
  ],
  [
    'inbound route name',
    InboundCreate,
    (name) => ({ name, did: '100', destination: { type: 'hangup' } }),
    'name',
  ],
  [
    'IVR name',
    IvrCreate,
    (name) => ({ name, tree: { start: 'a', nodes: { a: { type: 'hangup' } } } }),
    'name',
  ],
  ['prompt name (TTS)', PromptTts, (name) => ({ name, text: 'hi' }), 'name'],
  ['prompt text (TTS)', PromptTts, (text) => ({ name: 'p', text }), 'text'],
  ['prompt rename', PromptUpdate, (name) => ({ name }), 'name'],
  ['announcement name', AnnouncementCreate, (name) => ({ name, promptId: 1 }), 'name'],
  ['schedule name', ScheduleCreate, (name) => ({ name }), 'name'],
  [
    'schedule closed date name',
    ScheduleCreate,
    (name) => ({ name: 's', closedDates: [{ date: '2026-10-01', name }] }),
    'closedDates.0.name',
  ],
  [
    'user display name (voicemail)',
    CreateUserSchema,
    (displayName) => ({ username: 'ab', role: 'agent', password: 'x'.repeat(12), displayName }),
    'displayName',
  ],
  ['token name', CreateTokenSchema, (name) => ({ name }), 'name'],
  ['customer name (caller-ID lookup)', CustomerCreate, (name) => ({ name, numbers: ['1234'] }), 'name'],
  ['ticket title', TicketCreate, (title) => ({ title }), 'title'],
];

t.test(
  'every config-bound name refuses line separators, bidi controls and controls, naming the field',
  async (t) => {
    for (const [what, schema, body, field] of FIELDS) {
      t.ok(schema.safeParse(body('客服一组')).success, `${what}: 客服一组 is a fine name`);
      for (const [label, c] of INVISIBLE) {
        const r = schema.safeParse(body(spoof(c)));
        t.notOk(r.success, `${what}: ${label} refused`);
        t.equal(r.error?.issues[0]?.path.join('.'), field, `${what}: ${label} names ${field}`);
      }
    }
  },
);

t.test('multi-line free text keeps its line breaks but not separators or bidi controls', async (t) => {
  t.notOk(UNSAFE_MULTILINE.test('第一行\n第二行\r\n\t缩进'));
  for (const [label, c] of INVISIBLE) t.ok(UNSAFE_MULTILINE.test(`a${c}b`), label);
  const MULTILINE: [string, z.ZodType, (v: string) => unknown, string][] = [
    ['ticket description', TicketCreate, (description) => ({ title: 't', description }), 'description'],
    ['KB scenario', ArticleCreate, (scenario) => ({ title: 't', scenario }), 'scenario'],
    [
      'KB solution (HTML)',
      ArticleCreate,
      (solution) => ({ title: 't', solution: `<p>${solution}</p>` }),
      'solution',
    ],
    ['customer notes', CustomerCreate, (notes) => ({ name: 'n', numbers: ['1234'], notes }), 'notes'],
  ];
  for (const [what, schema, body, field] of MULTILINE) {
    t.ok(schema.safeParse(body('第一行\n第二行\r\n\t缩进')).success, `${what}: line breaks and tabs kept`);
    for (const [label, c] of INVISIBLE) {
      const r = schema.safeParse(body(spoof(c)));
      t.equal(r.error?.issues[0]?.path.join('.'), field, `${what}: ${label} refused naming ${field}`);
    }
  }
});

t.test('a domain rule adds its syntax characters to the shared one', async (t) => {
  const rule = unsafeTextAnd('"\\;[]^-');
  for (const c of ['"', '\\', ';', '[', ']', '^', '-', '\u2028', '\u202e', '\u0000'])
    t.ok(rule.test(`a${c}b`), c);
  for (const ok of ['客服一组', 'Zhang Wei', 'a.b_c', '😀']) t.notOk(rule.test(ok), ok);
  t.notOk(UNSAFE_TEXT.test('مرحبا שלום'), 'right-to-left scripts themselves are welcome');
});

t.test('the generators refuse an invisible character that bypassed the schema', async (t) => {
  t.throws(() => assertConfigValue('1001\u2028', /^[0-9\u2028]+$/), /unsafe value/);
  t.throws(() => assertConfigValue('客服\u202e1001', /^.+$/u), /unsafe value/);
  for (const [label, c] of INVISIBLE) {
    const name = mailboxName(spoof(c), '1001');
    t.notOk(UNSAFE_TEXT.test(name), `mailbox name: ${label} replaced`);
  }
  t.match(
    voicemailSeatsConf([{ extension: '1001', pin: '1234', name: spoof('\u2029') }]),
    /^1001 => 1234,客服 1001$/m,
  );
});

t.test('names saved before the rule are written without those characters, not refused', async (t) => {
  const seat = (name: string) => ({
    id: 1,
    extension: '1001',
    name,
    secret: 'S3cretFor1001xxxxxxxx',
    transport: 'udp' as const,
    maxContacts: 1,
    enabled: true,
    callClass: 'national' as const,
    voicemail: true,
    recording: 'never' as const,
    createdAt: 0,
    updatedAt: 0,
  });
  for (const [label, c] of INVISIBLE.filter(([, c]) => c.codePointAt(0)! >= 0x80)) {
    t.match(seatsPjsipConf([seat(spoof(c))]), 'callerid = "客服1001" <1001>', `seat name: ${label} dropped`);
    t.match(
      callerIdLines({ number: '4008001234', name: spoof(c), presentation: 'allowed' }).join('\n'),
      'Set(CALLERID(name)=客服1001)',
      `caller-ID name: ${label} dropped`,
    );
    t.match(
      agentsDialplan([], [{ id: 1, code: 5, name: `培训${c}` }], (id) => `q${id}`),
      'exten => 5,1,Return(培训)',
      `pause reason: ${label} dropped`,
    );
  }
  t.throws(
    () => seatsPjsipConf([seat('客服\n1001')]),
    /unsafe value/,
    'ASCII controls were always refused: still fatal',
  );
});
