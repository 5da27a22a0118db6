import t from 'tap';
import type { Ami } from '../../src/asterisk/ami.js';
import { originateOutside, originateRouted } from '../../src/outbound/originate.js';

/** The one originate of calls the box places by itself: what reaches AMI, and what never does. */
function fakeAmi() {
  const sent: { action: string; fields: Record<string, unknown> }[] = [];
  const ami = {
    action: async (action: string, fields: Record<string, unknown>) => {
      sent.push({ action, fields });
      return { Response: 'Success', ActionID: `a${sent.length}` };
    },
  } as unknown as Ami;
  return { ami, sent };
}

t.test('a Local channel into the leg context, the answered side into the caller’s context', async (t) => {
  const { ami, sent } = fakeAmi();
  const id = await originateOutside(ami, {
    number: '13988880001',
    via: 'hotline-callback-out',
    context: 'hotline-callback-confirm',
    exten: '7',
    channelId: 'cb-1-1-abcdef',
    variables: { HOTLINE_CALLBACK: '1' },
    ringSeconds: 30,
  });
  t.equal(id, 'a1', 'the ActionID its OriginateResponse will carry');
  t.same(sent[0], {
    action: 'Originate',
    fields: {
      Channel: 'Local/13988880001@hotline-callback-out/n',
      Context: 'hotline-callback-confirm',
      Exten: '7',
      Priority: '1',
      ChannelId: 'cb-1-1-abcdef',
      Timeout: '30000',
      Variable: ['HOTLINE_CALLBACK=1'],
      Async: 'true',
    },
  });
});

t.test('through the outbound routes: the class travels as HOTLINE_CLASS', async (t) => {
  const { ami, sent } = fakeAmi();
  await originateRouted(ami, {
    number: '02155507777',
    context: 'hotline-notify',
    exten: '12',
    classRank: 2,
    ringSeconds: 30,
  });
  t.equal(sent[0]!.fields.Channel, 'Local/02155507777@hotline-outbound/n');
  t.same(sent[0]!.fields.Variable, ['HOTLINE_CLASS=2']);
  t.notOk('ChannelId' in sent[0]!.fields, 'no channel id asked: Asterisk picks one');
});

t.test('hostile values never reach AMI', async (t) => {
  const base = {
    number: '13988880001',
    via: 'hotline-outbound',
    context: 'hotline-notify',
    exten: '1',
    ringSeconds: 30,
  };
  for (const [what, call] of [
    ['number', { ...base, number: '139\r\nAction: Command' }],
    ['number', { ...base, number: '139@evil' }],
    ['via', { ...base, via: 'x/n,Local/1@a' }],
    ['context', { ...base, context: 'Hotline;x' }],
    ['exten', { ...base, exten: '${SHELL(id)}' }],
    ['channelId', { ...base, channelId: 'a\nb' }],
    ['variable name', { ...base, variables: { 'A=B,C': '1' } }],
    ['variable value', { ...base, variables: { A: '1,Hangup()' } }],
    ['variable value', { ...base, variables: { A: '客服一组' } }],
  ] as const) {
    const { ami, sent } = fakeAmi();
    await t.rejects(originateOutside(ami, call), /unsafe value/, what);
    t.equal(sent.length, 0, `${what}: nothing sent`);
  }
  const { ami } = fakeAmi();
  await t.rejects(
    originateRouted(ami, { ...base, classRank: 2, number: '*99' }),
    /unsafe value/,
    'a routed call dials a number',
  );
});
