import t from 'tap';
import {
  AmiFramer,
  type FramerLimits,
  fieldValues,
  parseFrame,
  serializeAction,
  variables,
} from '../../src/asterisk/ami-frame.js';
import { isAppError } from '../../src/errors.js';

/** Feeds chunks through a framer and records what comes out. */
function run(chunks: string[], limits?: FramerLimits) {
  const out = { banners: [] as string[], frames: [] as string[][], dropped: [] as string[] };
  const framer = new AmiFramer(
    {
      banner: (l) => out.banners.push(l),
      frame: (lines) => out.frames.push(lines),
      dropped: (r) => out.dropped.push(r),
    },
    limits,
  );
  for (const c of chunks) framer.push(c);
  return out;
}

const msgOf = (lines: string[]) => {
  const p = parseFrame(lines);
  if (!p.msg) throw new Error('expected a message');
  return p.msg;
};

// A capture-shaped stream: banner, login answer, an EventList, CoreShowChannelMap's
// "\r\n\n" terminator (Asterisk 18.19+/20.4+) and a stray extra blank line.
const STREAM =
  'Asterisk Call Manager/9.0.0\r\n' +
  'Response: Success\r\nActionID: hl-1\r\nMessage: Authentication accepted\r\n\r\n' +
  'Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n' +
  'Response: Success\r\nActionID: hl-2\r\nEventList: start\r\nMessage: A listing of Endpoints follows, presence and device state details are not yet reported\r\n\r\n' +
  'Event: EndpointList\r\nActionID: hl-2\r\nObjectType: endpoint\r\nObjectName: 1001\r\nOutboundAuths: \r\nDeviceState: Not in use\r\n\r\n' +
  'Event: EndpointListComplete\r\nActionID: hl-2\r\nEventList: Complete\r\nListItems: 1\r\n\r\n' +
  'Event: CoreShowChannelMap\r\nActionID: hl-3\r\nChannel: PJSIP/1001-00000001\r\nConnectedChannel: PJSIP/1002-00000002\r\n\n' +
  '\r\n' +
  'Event: ContactStatus\r\nPrivilege: system,all\r\nAOR:\r\nEndpointName: 1001\r\nContactStatus: Reachable\r\n\r\n';

t.test('a stream split at every byte offset yields the same frames as the whole stream', async (t) => {
  const whole = run([STREAM]);
  t.equal(whole.frames.length, 7);
  t.same(whole.banners, ['Asterisk Call Manager/9.0.0']);
  for (let i = 1; i < STREAM.length; i++) {
    const split = run([STREAM.slice(0, i), STREAM.slice(i)]);
    if (JSON.stringify(split) !== JSON.stringify(whole)) {
      t.fail(`split at ${i} changed the result`);
      return;
    }
  }
  t.same(run(STREAM.split('')), whole, 'one character per chunk');
});

t.test("'\\r\\n\\n' and extra blank lines end frames without producing empty ones", async (t) => {
  const { frames } = run([STREAM]);
  t.same(
    frames.map((f) => f[0]),
    [
      'Response: Success',
      'Event: FullyBooted',
      'Response: Success',
      'Event: EndpointList',
      'Event: EndpointListComplete',
      'Event: CoreShowChannelMap',
      'Event: ContactStatus',
    ],
  );
  t.same(run(['\r\n\r\n\n  \r\n']).frames, [], 'blank and whitespace-only lines alone are no frame');
});

t.test('the banner is only recognised as the first line of a session', async (t) => {
  const out = run(['Event: X\r\n\r\nAsterisk Call Manager/9.0.0\r\n\r\n']);
  t.same(out.banners, []);
  t.equal(out.frames.length, 2, 'the late banner-looking line is framed (and later skipped as a bad line)');
});

t.test('keys keep the case Asterisk sends and a key with no value is an empty string', async (t) => {
  const msg = msgOf(['Event: ContactStatus', 'AOR:', 'EndpointName: 1001', 'OutboundAuths: ']);
  t.equal(msg['EndpointName'], '1001');
  t.equal(msg['endpointname'], undefined);
  t.equal(msg['AOR'], '');
  t.equal(msg['OutboundAuths'], '');
});

t.test('routing keys are canonicalised whatever case a module used', async (t) => {
  const msg = msgOf(['response: Success', 'Actionid: hl-9', 'eventlist: start']);
  t.same({ ...msg }, { Response: 'Success', ActionID: 'hl-9', EventList: 'start' });
});

t.test('exactly one space after the colon is stripped, so CLI indentation survives', async (t) => {
  const msg = msgOf(['Response: Success', 'Output:    Endpoint:  1001', 'Ping:Pong']);
  t.equal(msg['Output'], '   Endpoint:  1001');
  t.equal(msg['Ping'], 'Pong');
});

t.test('lines without a colon or with a junk key are skipped and counted; the frame survives', async (t) => {
  const p = parseFrame([
    'Event: Hangup',
    'no colon here',
    ': empty key',
    'bad key: x',
    '\u0000\u00ff: y',
    'Cause: 16',
  ]);
  t.equal(p.badLines, 4);
  t.same({ ...p.msg }, { Event: 'Hangup', Cause: '16' });
});

t.test('a frame with neither Event nor Response is rejected as malformed', async (t) => {
  t.same(parseFrame(['Channel: PJSIP/1001-1', 'Cause: 16']), {
    msg: null,
    badLines: 0,
    reason: 'no_event_or_response',
  });
  t.equal(parseFrame(['Event:', 'Cause: 16']).msg, null, 'an empty Event is no event');
});

t.test('a repeated key keeps its first value and all values stay reachable in order', async (t) => {
  const msg = msgOf(['Event: UserEvent', 'UserEvent: a', 'UserEvent: b', 'Event: Spoofed', 'UserEvent: c']);
  t.equal(msg['Event'], 'UserEvent');
  t.equal(msg['UserEvent'], 'a');
  t.same(fieldValues(msg, 'UserEvent'), ['a', 'b', 'c']);
  t.same(fieldValues(msg, 'Event'), ['UserEvent', 'Spoofed']);
  t.same(fieldValues(msg, 'Missing'), []);
  t.same(Object.keys(msg), ['Event', 'UserEvent'], 'the accessor data is not an enumerable field');
});

t.test('ChanVariable and Variable pairs are collected; a bare Variable name is a plain field', async (t) => {
  const ev = msgOf([
    'Event: Newchannel',
    'ChanVariable: HOTLINE_CALL_ID=c-42',
    'ChanVariable: CDR(accountcode)=',
    'ChanVariable: HOTLINE_CALL_ID=later-duplicate',
    'Variable: QUEUE=sales=vip',
  ]);
  t.same({ ...variables(ev) }, { HOTLINE_CALL_ID: 'c-42', 'CDR(accountcode)': '', QUEUE: 'sales=vip' });
  const getvar = msgOf(['Response: Success', 'Variable: FOO', 'Value: bar']);
  t.equal(getvar['Variable'], 'FOO');
  t.same({ ...variables(getvar) }, {});
});

t.test("keys named '__proto__' or 'constructor' are plain data", async (t) => {
  const msg = msgOf(['Event: X', '__proto__: polluted', 'constructor: y']);
  t.equal(Object.getOwnPropertyDescriptor(msg, '__proto__')?.value, 'polluted', 'an own data property');
  t.equal(msg['constructor'], 'y');
  t.equal(({} as Record<string, unknown>)['polluted'], undefined);
  t.equal(msgOf(['Event: X'])['toString'], undefined, 'no inherited properties');
});

t.test('an oversized line discards its frame and the next frame still arrives', async (t) => {
  const limits = { maxLineChars: 100, maxFrameChars: 1000 };
  const big = 'X'.repeat(250);
  const out = run(
    ['Event: A\r\nJunk: ', big.slice(0, 120), big.slice(120), '\r\nMore: 1\r\n\r\n', 'Event: B\r\n\r\n'],
    limits,
  );
  t.same(out.dropped, ['line_too_long']);
  t.same(out.frames, [['Event: B']]);
  const whole = run([`Event: A\r\nJunk: ${big}\r\n\r\nEvent: B\r\n\r\n`], limits);
  t.same(whole.frames, [['Event: B']], 'same when the long line arrives in one chunk');
});

t.test('a huge line trickled in tiny chunks is dropped in linear time', async (t) => {
  const started = Date.now();
  const chunks = ['Event: A\r\nJunk: '];
  for (let i = 0; i < 2 * 1024 * 1024; i += 64) chunks.push('B'.repeat(64));
  chunks.push('\r\n\r\nEvent: B\r\n\r\n');
  const out = run(chunks);
  t.same(out.dropped, ['line_too_long']);
  t.same(out.frames, [['Event: B']]);
  const cr = run([`Event: C\r\nJunk: ${'\r'.repeat(200_000)}x\r\n\r\n`]);
  t.equal(cr.frames[0]?.[1]?.length, 200_007, 'inner CRs are data; only trailing ones go');
  t.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});

t.test('an oversized frame is discarded up to its blank line', async (t) => {
  const lines = Array.from({ length: 50 }, (_, i) => `Output: line ${i}\r\n`).join('');
  const out = run([`Response: Success\r\n${lines}\r\nEvent: B\r\n\r\n`], {
    maxLineChars: 100,
    maxFrameChars: 300,
  });
  t.same(out.dropped, ['frame_too_long']);
  t.same(out.frames, [['Event: B']]);
});

t.test('an action is written as Action, ActionID, then the fields in order', async (t) => {
  const text = serializeAction('Originate', 'hl-7', {
    Channel: 'PJSIP/1001',
    Priority: 1,
    Variable: ['HOTLINE_CALL_ID=c-1', 'QUEUE=sales'],
  });
  t.equal(
    text,
    'Action: Originate\r\nActionID: hl-7\r\nChannel: PJSIP/1001\r\nPriority: 1\r\n' +
      'Variable: HOTLINE_CALL_ID=c-1\r\nVariable: QUEUE=sales\r\n\r\n',
  );
});

t.test('an action that could inject headers or override routing is refused', async (t) => {
  const refused = (f: () => unknown, why: string) => {
    try {
      f();
      t.fail(`${why}: accepted`);
    } catch (e) {
      t.ok(isAppError(e, 'validation'), why);
    }
  };
  refused(() => serializeAction('Setvar', 'hl-1', { Value: 'x\r\nAction: Hangup' }), 'CRLF in a value');
  refused(() => serializeAction('Setvar', 'hl-1', { Variable: ['A=1', 'B=2\nC'] }), 'LF in an array value');
  refused(() => serializeAction('Setvar', 'hl-1', { 'Bad Key': 'x' }), 'space in a key');
  refused(() => serializeAction('Setvar', 'hl-1', { actionid: 'mine' }), 'own ActionID');
  refused(() => serializeAction('Setvar', 'hl-1', { Action: 'Hangup' }), 'second Action');
  refused(() => serializeAction('Ping\r\nAction: Hangup', 'hl-1'), 'junk action name');
  refused(() => serializeAction('Setvar', 'hl-1', { Priority: Number.NaN }), 'NaN');
});
