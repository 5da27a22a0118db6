import t from 'tap';
import type { ZodError } from 'zod';
import { SipTrunkUpdate, TrunkCreate } from '../../src/trunks/schema.js';

/** The field the API's error handler names (src/http/errors.ts): the path, or the unknown key. */
function field(err: ZodError): string {
  const issue = err.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return [...issue.path, ...(unknownKey ? [unknownKey] : [])].join('.');
}

const ip = { kind: 'sip', name: 'carrier', host: '203.0.113.10', auth: 'ip' };

t.test('an IP trunk needs only kind, name, host and auth; defaults fill the rest', async (t) => {
  const trunk = TrunkCreate.parse(ip);
  t.same(trunk, {
    ...ip,
    enabled: true,
    port: 5060,
    transport: 'udp',
    codecs: ['alaw', 'ulaw'],
    maxChannels: 30,
    callerId: null,
  });
});

t.test('a registration trunk needs username and secret', async (t) => {
  const r = TrunkCreate.safeParse({ ...ip, auth: 'registration', username: 'u' });
  t.notOk(r.success);
  t.equal(field(r.error!), 'secret');
  const u = TrunkCreate.safeParse({ ...ip, auth: 'registration', secret: 'abcd1234' });
  t.equal(field(u.error!), 'username');
  t.ok(TrunkCreate.safeParse({ ...ip, auth: 'registration', username: 'u', secret: 'abcd1234' }).success);
});

t.test('hosts: IPv4 and host names only', async (t) => {
  for (const host of ['127.0.0.2', '10.0.0.1', 'sip.carrier.example.cn', 'gw1', 'a-b.example']) {
    t.ok(TrunkCreate.safeParse({ ...ip, host }).success, host);
  }
  for (const host of [
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    'a..b',
    '-a.example',
    'a_b.example',
    'x.example;y',
    '::1',
    '1.2.3.4:5060',
    'host name',
    '',
  ]) {
    const r = TrunkCreate.safeParse({ ...ip, host });
    t.equal(r.success ? 'ok' : field(r.error), 'host', JSON.stringify(host));
  }
});

t.test('kind is the discriminator: unknown kinds and unknown keys are named', async (t) => {
  const unknown = TrunkCreate.safeParse({ ...ip, kind: 'isdn-bri' });
  t.equal(field(unknown.error!), 'kind');
  // an E1 trunk has no host: the SIP fields are named as unknown there
  const e1 = TrunkCreate.safeParse({ ...ip, kind: 'e1' });
  t.equal(e1.success, false);
  const extra = TrunkCreate.safeParse({ ...ip, context: 'from-internal' });
  t.equal(field(extra.error!), 'context');
});

t.test('codecs come from the allow-list, caller ID is strict', async (t) => {
  t.ok(TrunkCreate.safeParse({ ...ip, codecs: ['opus', 'g722', 'gsm', 'alaw', 'ulaw'] }).success);
  t.equal(field(TrunkCreate.safeParse({ ...ip, codecs: ['g729'] }).error!), 'codecs.0');
  t.ok(
    TrunkCreate.safeParse({
      ...ip,
      callerId: { number: '+8610555', name: '客服', presentation: 'restricted' },
    }).success,
  );
  t.equal(
    field(TrunkCreate.safeParse({ ...ip, callerId: { number: '1', name: 'a;b' } }).error!),
    'callerId.name',
  );
  t.equal(field(TrunkCreate.safeParse({ ...ip, callerId: { number: '1', x: 1 } }).error!), 'callerId.x');
});

t.test('PATCH takes any subset, never kind', async (t) => {
  t.ok(SipTrunkUpdate.safeParse({ maxChannels: 2, callerId: null }).success);
  t.equal(field(SipTrunkUpdate.safeParse({ kind: 'sip' }).error!), 'kind');
  t.equal(field(SipTrunkUpdate.safeParse({ name: 'a\nb' }).error!), 'name');
});
