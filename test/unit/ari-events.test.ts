import t from 'tap';
import { parseAriFrame } from '../../src/asterisk/ari-events.js';

const channel = { id: '1700000000.7', name: 'PJSIP/carrier-00000007', state: 'Ring' };

t.test('a StasisStart frame becomes a typed event with its dialplan arguments', async (t) => {
  const frame = parseAriFrame(
    JSON.stringify({ type: 'StasisStart', application: 'hotline', args: ['ivr', 'main'], channel }),
  );
  t.equal(frame.kind, 'event');
  if (frame.kind !== 'event' || frame.event.type !== 'StasisStart') throw new Error('expected StasisStart');
  t.same(frame.event.args, ['ivr', 'main']);
  t.equal(frame.event.channel.id, '1700000000.7');
});

t.test('a StasisStart without usable args gets an empty list rather than a crash later', async (t) => {
  const frame = parseAriFrame(JSON.stringify({ type: 'StasisStart', args: [1, 'x', null], channel }));
  if (frame.kind !== 'event' || frame.event.type !== 'StasisStart') throw new Error('expected StasisStart');
  t.same(frame.event.args, ['x']);
  t.equal(frame.event.application, '', 'a missing application is normalised to a string');
});

t.test('frames we do not use or cannot trust are ignored with a reason', async (t) => {
  const cases: [string, RegExp][] = [
    ['{not json', /invalid JSON/],
    ['[1,2,3]', /no type/],
    ['"StasisStart"', /no type/],
    [
      JSON.stringify({ type: 'ChannelVarset', variable: 'X', value: '1', channel }),
      /unused type ChannelVarset/,
    ],
    [JSON.stringify({ type: 'ChannelDtmfReceived', digit: '1' }), /without channel\.id/],
    [JSON.stringify({ type: 'ChannelDestroyed', channel: { id: '' } }), /without channel\.id/],
    [JSON.stringify({ type: 'PlaybackFinished', playback: {} }), /without playback\.id/],
    [JSON.stringify({ type: 'toString', channel }), /unused type toString/],
  ];
  for (const [text, why] of cases) {
    const frame = parseAriFrame(text);
    t.equal(frame.kind, 'ignored', text);
    if (frame.kind === 'ignored') t.match(frame.why, why);
  }
});

t.test('ApplicationReplaced is reported so the adapter can drop the dead socket', async (t) => {
  t.same(parseAriFrame(JSON.stringify({ type: 'ApplicationReplaced', application: 'hotline' })), {
    kind: 'replaced',
  });
});

t.test('a frame of a type we do not use is dropped before it is parsed', async (t) => {
  // truncated on purpose: only the leading type was read
  const frame = parseAriFrame('{"type":"ChannelVarset","timestamp":"2026-01-15T10:20:30.100+0800","chan');
  t.same(frame, { kind: 'ignored', why: 'unused type ChannelVarset' });
  t.match(parseAriFrame('{"type":"StasisStart","chan'), { kind: 'ignored', why: 'invalid JSON' });
  t.same(parseAriFrame('{"type":"ApplicationReplaced","application":"hotline"}'), { kind: 'replaced' });
  t.match(parseAriFrame('{"type":"toString"}'), { kind: 'ignored', why: 'unused type toString' });
});
