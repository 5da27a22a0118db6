/**
 * Fuzzing the AMI read path (the one that crashed asterisk-manager): random bytes and mutated real
 * frames, deterministic seed, through a real TCP socket into the real client.
 */
import { pino } from 'pino';
import t from 'tap';
import type { AmiMessage } from '../../src/asterisk/ami-frame.js';
import { AmiFramer, parseFrame } from '../../src/asterisk/ami-frame.js';
import { connectedAmi, type FakeAction, FakeAmi, frame, waitFor } from '../support/fake-ami.js';

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Frames shaped like Asterisk 22 output; ActionIDs are never ours (`hl-`). */
const REAL = [
  'Event: Newchannel\r\nPrivilege: call,all\r\nSystemName: hotline\r\nChannel: PJSIP/1001-00000007\r\nChannelState: 0\r\nChannelStateDesc: Down\r\nCallerIDNum: 1001\r\nCallerIDName: 前台\r\nConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\nLanguage: zh\r\nAccountCode: \r\nContext: hotline-seats\r\nExten: 2000\r\nPriority: 1\r\nUniqueid: 1700000000.7\r\nLinkedid: 1700000000.7\r\n\r\n',
  'Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-0000000a\r\nCallerIDNum: 13800138000\r\nQueue: sales\r\nPosition: 1\r\nCount: 1\r\nChanVariable: HOTLINE_CALL_ID=c-42\r\nChanVariable: CDR(accountcode)=\r\n\r\n',
  'Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: HotlineNote\r\nUserEvent: dup\r\nNote: a=b\r\n\r\n',
  'Event: CoreShowChannelMap\r\nActionID: fz-1\r\nChannel: PJSIP/1001-00000001\r\nConnectedChannel: PJSIP/1002-00000002\r\n\n\r\n',
  'Event: VarSet\r\nPrivilege: dialplan,all\r\nChannel: PJSIP/1001-00000007\r\nVariable: HOTLINE_CALL_ID\r\nValue: c-42\r\n\r\n',
  'Event: ContactStatus\r\nPrivilege: system,all\r\nURI: sip:1001@192.168.1.50:5060\r\nContactStatus: Reachable\r\nAOR:\r\nEndpointName: 1001\r\nRoundtripUsec: 1532\r\n\r\n',
  'Event: DAHDIShowChannels\r\nActionID: fz-3\r\nDAHDIChannel: 1\r\nSignalling: ISDN PRI\r\nSignallingCode: 80\r\nContext: from-pstn\r\nDND: Disabled\r\nAlarm: No Alarm\r\nDescription: \r\n\r\n',
  'Event: Alarm\r\nPrivilege: system,all\r\nDAHDIChannel: 1\r\nAlarm: Red Alarm\r\n\r\n',
  'Response: Success\r\nActionID: fz-4\r\nMessage: Command output follows\r\nOutput: Name/username             Host                 Dyn\r\nOutput: \r\n\r\n',
  'Response: Error\r\nActionID: fz-5\r\nMessage: No endpoints found\r\n\r\n',
  'Event: EndpointList\r\nActionID: fz-6\r\nObjectType: endpoint\r\nObjectName: 1001\r\nTransport: transport-udp\r\nAor: 1001\r\nAuths: 1001\r\nOutboundAuths: \r\nDeviceState: Not in use\r\nActiveChannels: \r\n\r\n',
  'Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/1001-00000007\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n',
];

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const randomBytes = (rng: () => number, n: number) =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(rng() * 256)));

/** One broken piece of wire: random bytes or a real frame after a few mutations. */
function junk(rng: () => number): Buffer {
  if (rng() < 0.25) return randomBytes(rng, Math.floor(rng() * 400));
  let b = Buffer.from(pick(rng, REAL), 'utf8');
  const rounds = 1 + Math.floor(rng() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(rng() * (b.length + 1));
    const cut = (insert: Buffer | string, drop = 0) =>
      Buffer.concat([b.subarray(0, at), Buffer.from(insert), b.subarray(Math.min(b.length, at + drop))]);
    switch (Math.floor(rng() * 10)) {
      case 0: // flip bytes, control characters and invalid UTF-8 included
        b = cut(randomBytes(rng, 1 + Math.floor(rng() * 8)), 1 + Math.floor(rng() * 8));
        break;
      case 1: // truncated mid-frame (TCP cut, crash)
        b = b.subarray(0, at);
        break;
      case 2: // colons removed
        b = Buffer.from(b.toString('latin1').replace(/:/g, rng() < 0.5 ? '' : ' '), 'latin1');
        break;
      case 3: // duplicated keys
        b = cut('Event: Duplicate\r\nActionID: fz-9\r\nResponse: Success\r\n');
        break;
      case 4: // stray terminators and blank lines
        b = cut(pick(rng, ['\r\n\n', '\n\n', '\r\n\r\n\r\n', '\r\r\n', '\n']));
        break;
      case 5: // a huge line, now and then over the default 256 KiB limit
        b = cut(`Junk: ${'A'.repeat(rng() < 0.03 ? 300_000 : Math.floor(rng() * 20_000))}`);
        break;
      case 6: // keys without values
        b = cut('AOR:\r\n:\r\nKey:\r\n');
        break;
      case 7: // NULs and high bytes inside a key
        b = cut(Buffer.from([0x00, 0xff, 0xfe, 0x3a, 0x20, 0xc3]));
        break;
      case 8: // keys in the wrong case, a lone banner
        b = cut(
          pick(rng, ['event: lowercased\r\n', 'ACTIONID: fz-7\r\n', 'Asterisk Call Manager/9.0.0\r\n']),
        );
        break;
      default: // bytes dropped
        b = cut('', 1 + Math.floor(rng() * 30));
    }
  }
  return b;
}

t.test('the framer and parser never throw on random and mutated input', async (t) => {
  const rng = prng(0xa11ce);
  let frames = 0;
  const framer = new AmiFramer({
    banner: () => {},
    frame: (lines) => {
      frames++;
      parseFrame(lines);
    },
    dropped: () => {},
  });
  for (let i = 0; i < 20_000; i++) {
    const bytes = junk(rng).toString('utf8');
    for (let pos = 0; pos < bytes.length; ) {
      const n = 1 + Math.floor(rng() * 64);
      framer.push(bytes.slice(pos, pos + n));
      pos += n;
    }
  }
  t.ok(frames > 10_000, `${frames} frames came through`);
});

t.test('junk on the wire is skipped while good frames and answers still get through', async (t) => {
  const ITERATIONS = 3000;
  const levels: { level: number; msg: string }[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        const { level, msg } = JSON.parse(line) as { level: number; msg: string };
        levels.push({ level, msg });
      },
    },
  );
  const fake = await FakeAmi.start();
  fake.record = false;
  // Pongs are written only between units, so they never land inside a junk frame.
  const pings: FakeAction[] = [];
  fake.handle('Ping', (a, c) => {
    if (!c.loggedIn) return false;
    pings.push(a);
    return true;
  });
  const ami = await connectedAmi(fake, { log });
  t.teardown(async () => {
    await ami.stop();
    await fake.close();
  });
  const markers: number[] = [];
  ami.onEvent((e: AmiMessage) => {
    if (e['Event'] === 'HotlineFuzzMarker') markers.push(Number(e['Seq']));
  });

  const answerPings = () => {
    for (const a of pings.splice(0))
      fake.broadcast(frame(['Response', 'Success'], ['ActionID', a.id], ['Ping', 'Pong']));
  };
  const rng = prng(0x5eed);
  const answers: Promise<AmiMessage>[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    answerPings();
    // Each unit: broken bytes, a terminator that bounds them, then one good frame.
    const unit = Buffer.concat([
      junk(rng),
      Buffer.from(`\r\n\r\nEvent: HotlineFuzzMarker\r\nSeq: ${i}\r\n\r\n`),
    ]);
    for (let pos = 0; pos < unit.length; ) {
      const n = 1 + Math.floor(rng() * (rng() < 0.5 ? 16 : 4096));
      fake.broadcast(unit.subarray(pos, pos + n));
      pos += n;
      // Yield now and then so the client reads the stream cut at these points.
      if (rng() < 0.15) await new Promise((r) => setImmediate(r));
    }
    if (i % 25 === 0) answers.push(ami.action('Ping'));
  }
  let settled = 0;
  for (const a of answers) void a.finally(() => settled++);
  await waitFor(
    () => {
      answerPings();
      return settled === answers.length && markers.length === ITERATIONS;
    },
    'all pongs and markers',
    10_000,
  );

  t.same(
    markers,
    Array.from({ length: ITERATIONS }, (_, i) => i),
    'every good frame delivered once, in order',
  );
  const pongs = await Promise.all(answers);
  t.equal(pongs.filter((p) => p['Ping'] === 'Pong').length, answers.length, 'every pending action resolved');
  t.equal(ami.state, 'connected');
  t.equal(ami.stats().sessions, 1, 'junk never cost the session');
  t.equal(fake.connections, 1);
  t.equal(ami.stats().pending, 0);
  t.ok(ami.stats().malformedFrames > 100, `${ami.stats().malformedFrames} malformed frames skipped`);
  t.ok(ami.stats().badLines > 100, `${ami.stats().badLines} malformed lines skipped`);
  t.ok(
    levels.some((l) => l.level === 40 && l.msg === 'ami: frame without Event or Response'),
    'malformed frames are reported at warn',
  );
  t.notOk(
    levels.some((l) => l.level >= 50),
    'nothing reached error level (no listener or parser failure)',
  );
});
