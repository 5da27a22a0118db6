import t from 'tap';
import { notifyDialplan } from '../../src/notify/confgen.js';
import { checkConditions, matches } from '../../src/notify/engine.js';
import { channelOrder, inQuietHours, quietEnd } from '../../src/notify/service.js';
import { sign, signatureProblem } from '../../src/notify/signature.js';
import { actionOfChannel, notifyChannelId } from '../../src/notify/voice.js';
import { golden } from '../support/golden.js';

t.test('extensions_notify.conf matches its golden file', async (t) => {
  const { expected, actual } = golden('notify/extensions_notify.conf', notifyDialplan());
  t.equal(actual, expected);
});

t.test('a signature vouches for its body and time only', async (t) => {
  const secret = 'a'.repeat(64);
  const body = Buffer.from('{"type":"bill.due","key":"k"}');
  const at = 1_800_000_000_000;
  t.equal(signatureProblem(secret, sign(secret, body, at), body, at + 60_000), null);
  t.match(
    signatureProblem(secret, sign(secret, body, at), Buffer.from('{"type":"bill.due","key":"x"}'), at),
    /does not match/,
  );
  t.match(signatureProblem('b'.repeat(64), sign(secret, body, at), body, at), /does not match/);
  t.match(signatureProblem(secret, sign(secret, body, at), body, at + 301_000), /window/);
  t.match(signatureProblem(secret, sign(secret, body, at + 400_000), body, at), /window/, 'from the future');
  t.match(signatureProblem(secret, undefined, body, at), /missing/);
  t.match(signatureProblem(secret, 't=1,v1=zz', body, at), /malformed/);
  // the timestamp is signed: moving it into the window breaks the signature
  const moved = sign(secret, body, at).replace(/^t=[0-9]+/, `t=${Math.floor((at + 600_000) / 1000)}`);
  t.match(signatureProblem(secret, moved, body, at + 600_000), /does not match/);
});

t.test('conditions match event, variable and customer facts', async (t) => {
  const facts = {
    event: { type: 'card.limit', source: 'api', number: '13800138000', customerId: 1 },
    vars: { amount: '5000' },
    customer: { id: 1, name: '王芳', company: '', vip: 5, numbers: ['13800138000'] },
  };
  t.ok(await matches({ all: [] }, facts), 'no conditions: always');
  t.ok(
    await matches({ all: [{ fact: 'customer', path: '$.vip', operator: 'greaterThan', value: 3 }] }, facts),
  );
  t.notOk(
    await matches({ all: [{ fact: 'customer', path: '$.vip', operator: 'greaterThan', value: 5 }] }, facts),
  );
  t.ok(await matches({ any: [{ fact: 'vars', path: '$.amount', operator: 'equal', value: '5000' }] }, facts));
  t.notOk(
    await matches(
      { all: [{ fact: 'customer', path: '$.vip', operator: 'greaterThan', value: 3 }] },
      { ...facts, customer: null },
    ),
    'no customer: a customer condition fails, no error',
  );
  await t.rejects(
    checkConditions({ all: [{ fact: 'vars', path: '$.a', operator: 'sameAs', value: 1 }] }),
    /conditions/,
  );
});

t.test('the customer’s channels come first, the rest of the chain after', async (t) => {
  t.same(channelOrder(['voice', 'sms', 'email'], ['email']), ['email', 'voice', 'sms']);
  t.same(
    channelOrder(['voice', 'sms'], ['email', 'sms']),
    ['sms', 'voice'],
    'a channel the rule lacks is not added',
  );
  t.same(channelOrder(['voice', 'sms'], undefined), ['voice', 'sms']);
});

t.test('quiet hours may span midnight', async (t) => {
  const at = (h: number, m = 0) => new Date(2026, 11, 2, h, m);
  const night = { from: '22:00', to: '08:00' };
  t.ok(inQuietHours(night, at(23)));
  t.ok(inQuietHours(night, at(7, 59)));
  t.notOk(inQuietHours(night, at(8)));
  t.notOk(inQuietHours(night, at(12)));
  t.ok(inQuietHours({ from: '12:00', to: '13:00' }, at(12, 30)));
  t.notOk(inQuietHours(null, at(23)));
});

t.test('a delayed action is due when the quiet window ends, on the box’s clock', async (t) => {
  const at = (d: number, h: number, m = 0) => new Date(2026, 11, d, h, m);
  const night = { from: '22:00', to: '08:00' };
  t.same(quietEnd(night, at(2, 23, 30)), at(3, 8), 'before midnight: tomorrow morning');
  t.same(quietEnd(night, at(3, 0, 10)), at(3, 8), 'after midnight: this morning');
  t.same(quietEnd(night, at(3, 7, 59)), at(3, 8));
  t.same(quietEnd({ from: '12:00', to: '13:30' }, at(2, 12, 5)), at(2, 13, 30), 'a window within a day');
  t.same(quietEnd(night, new Date(2026, 11, 31, 23, 0)), new Date(2027, 0, 1, 8), 'across the year');
  // at its end the window no longer holds: the action goes
  t.notOk(inQuietHours(night, quietEnd(night, at(2, 23))));
});

t.test('a notification call’s channel names its action', async (t) => {
  t.equal(notifyChannelId(42), 'notify-42');
  t.equal(actionOfChannel('notify-42'), 42);
  t.equal(actionOfChannel('notify-42;2'), 42);
  t.equal(actionOfChannel('1733100000.12'), null);
});
