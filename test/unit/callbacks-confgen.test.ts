import t from 'tap';
import { callbackContexts, callbackDialplan } from '../../src/callbacks/confgen.js';
import { QueueSettings } from '../../src/queues/schema.js';
import { golden } from '../support/golden.js';

const queue = (id: number, callbackKey: string) => ({
  id,
  settings: QueueSettings.parse({ callbackKey }),
});

const demo = [queue(7, '9'), queue(1, '1'), queue(3, '')];

t.test('extensions_callbacks.conf matches its golden file', async (t) => {
  const { expected, actual } = golden('callbacks/extensions_callbacks.conf', callbackDialplan(demo));
  t.equal(actual, expected);
  t.same(
    [...actual.matchAll(/^\[([a-z0-9-]+)\]$/gm)].map((m) => m[1]),
    callbackContexts(demo).sort((a, b) => actual.indexOf(`[${a}]`) - actual.indexOf(`[${b}]`)),
    'the contexts the verify step expects are the ones written',
  );
});

t.test('each queue with a key gets an exit extension on that key; a queue without none', async (t) => {
  const plan = callbackDialplan(demo);
  t.match(plan, /\[hotline-callback-exit-1\]\nexten => 1,1,/);
  t.match(plan, /\[hotline-callback-exit-7\]\nexten => 9,1,/);
  t.notMatch(plan, /hotline-callback-exit-3/);
  t.match(plan, 'UserEvent(HotlineCallback,Action: requested,Queue: 1,Number: ${HOTLINE_CID},');
  // a callback call already in the queue, or a caller without a number, goes back to waiting
  t.match(plan, 'n(back),Goto(hotline-queue-1,s,queue)');
  t.match(plan, /exten => 7,1,[\s\S]*Goto\(hotline-queue-7,s,1\)/, 'confirmed: the queue, at the front');
  t.match(plan, 'Set(HOTLINE_VIP=100)');
  t.match(plan, 'Goto(hotline-outbound,${FILTER(0-9,${EXTEN})},1)', 'the outbound routes place the call');
});

t.test('no queue with a key: only the outbound leg, no exit or confirm context', async (t) => {
  const plan = callbackDialplan([queue(3, '')]);
  t.notMatch(plan, /hotline-callback-exit|hotline-callback-confirm/);
  t.same(callbackContexts([queue(3, '')]), ['hotline-callback-out']);
});

t.test('hostile keys and ids never reach the file', async (t) => {
  for (const key of ['1,2', '1\n[x]', '${X}', '#', 'a', '12'])
    t.throws(
      () => callbackDialplan([{ id: 1, settings: { callbackKey: key as '1' } }]),
      /unsafe/,
      JSON.stringify(key),
    );
  t.throws(() => callbackDialplan([{ id: 0, settings: { callbackKey: '1' } }]), /unsafe/);
  t.throws(() => callbackDialplan([{ id: -1, settings: { callbackKey: '1' } }]), /unsafe/);
  for (const key of ['#', '*', '12', '客', '1;'])
    t.notOk(QueueSettings.safeParse({ callbackKey: key }).success, `the API refuses ${JSON.stringify(key)}`);
});
