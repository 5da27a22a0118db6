import t from 'tap';
import { remoteAddress } from '../../src/asterisk/events.js';
import { createAudit } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { allowListMatcher, parseCidr } from '../../src/guard/addresses.js';
import type { Firewall } from '../../src/guard/nft.js';
import { createGuardService } from '../../src/guard/service.js';
import { createGuardStore } from '../../src/guard/store.js';
import { FailureWindow } from '../../src/guard/window.js';
import { computeBanners } from '../../src/live/banners.js';
import { createLogger } from '../../src/log.js';
import { tempDb } from '../support/api-app.js';

const admin = {
  principal: { userId: 1, username: 'admin', role: 'admin' as const, via: 'session' as const },
};

t.test('failures count within the sliding window only', async (t) => {
  const w = new FailureWindow(300_000);
  for (let i = 0; i < 5; i++) t.equal(w.add('203.0.113.9', i * 1000), i + 1);
  t.equal(w.add('203.0.113.9', 301_500), 4, 'the first two fell out of the window');
  t.equal(w.add('198.51.100.1', 301_500), 1, 'sources count apart');
  const small = new FailureWindow(1000, 2);
  small.add('a', 0);
  small.add('b', 0);
  small.add('c', 0);
  t.equal(small.add('a', 1), 1, 'the quietest source was evicted to bound memory');
});

t.test('CIDRs are validated and matched; the box itself is always allowed', async (t) => {
  t.ok(parseCidr('192.168.0.0/16'));
  t.ok(parseCidr('fd00::/8'));
  for (const bad of [
    '10.0.0.0/33',
    '10.0.0.0',
    '::/129',
    'lan/8',
    '10.0.0.0/8\n',
    '${x}/8',
    '1.2.3.4/08/1',
  ]) {
    t.equal(parseCidr(bad), null, JSON.stringify(bad));
  }
  const allowed = allowListMatcher(['192.168.0.0/16', 'fd00::/8']);
  t.ok(allowed('192.168.3.4'));
  t.ok(allowed('fd00::5'));
  t.ok(allowed('127.0.0.1'), 'hotlined itself');
  t.ok(allowed('::1'));
  t.notOk(allowed('127.0.0.5'));
  t.notOk(allowed('10.1.1.1'));
  t.notOk(allowed('not an address'));
});

t.test("a security event's RemoteAddress gives a plain IP or nothing", async (t) => {
  t.equal(remoteAddress('IPV4/UDP/203.0.113.9/5060'), '203.0.113.9');
  t.equal(remoteAddress('IPV6/UDP/2001:db8::9/5060'), '2001:db8::9');
  t.equal(remoteAddress('IPV4/TCP/1.2.3.4;flush ruleset/5060'), null);
  t.equal(remoteAddress(undefined), null);
  t.equal(remoteAddress('garbage'), null);
});

function setup() {
  const { db, close } = tempDb();
  t.teardown(close);
  const log = createLogger('silent');
  const bus = new Bus(log);
  const calls: string[] = [];
  const firewall: Firewall = {
    ban: async (a, s) => {
      calls.push(`ban ${a} ${s}`);
      return 'ok';
    },
    unban: async (a) => {
      calls.push(`unban ${a}`);
      return 'ok';
    },
  };
  let now = 1_800_000_000_000;
  const service = createGuardService({
    db,
    store: createGuardStore(db),
    firewall,
    audit: createAudit({ db, bus, log }),
    bus,
    log,
    now: () => now,
  });
  const fail = (address: string) =>
    service.failure({ event: 'ChallengeResponseFailed', service: 'PJSIP', account: '1001', address });
  return { service, calls, fail, tick: (ms: number) => (now += ms) };
}

t.test('the threshold-th failure within the window bans once, for the ban time', async (t) => {
  const { service, calls, fail, tick } = setup();
  service.updateSettings(
    { threshold: 5, windowMinutes: 1, banMinutes: 10, allowList: ['10.0.0.0/8'] },
    admin,
  );
  for (let i = 0; i < 4; i++) t.equal(await fail('203.0.113.9'), null);
  tick(61_000);
  t.equal(await fail('203.0.113.9'), null, 'older failures left the window');
  for (let i = 0; i < 3; i++) await fail('203.0.113.9');
  const burst = await Promise.all([fail('203.0.113.9'), fail('203.0.113.9'), fail('203.0.113.9')]);
  t.equal(burst.filter(Boolean).length, 1, 'a burst bans once');
  t.same(calls, ['ban 203.0.113.9 600']);
  for (let i = 0; i < 20; i++) await fail('10.9.9.9');
  t.same(
    service.bans().map((b) => b.address),
    ['203.0.113.9'],
    'the allow-listed source is never banned',
  );
  t.equal(service.expire(), false);
  tick(601_000);
  t.equal(service.expire(), true, 'the ban ran out');
  t.same(service.bans(), []);
});

t.test('an unban lifts the ban and forgets the failures', async (t) => {
  const { service, calls, fail } = setup();
  service.updateSettings({ threshold: 3, windowMinutes: 5, banMinutes: 60, allowList: [] }, admin);
  for (let i = 0; i < 3; i++) await fail('198.51.100.7');
  await service.unban('198.51.100.7', admin);
  t.same(calls, ['ban 198.51.100.7 3600', 'unban 198.51.100.7']);
  t.same(service.bans(), []);
  await t.rejects(service.unban('198.51.100.7', admin), { code: 'not_found' });
  t.equal(await fail('198.51.100.7'), null, 'counting starts again');
  t.equal(service.history(10)[0]!.liftedBy, 'admin');
});

t.test('a ban is a banner on the live stream', async (t) => {
  const banners = computeBanners({
    asterisk: { ami: { state: 'connected', since: 0 }, ari: { state: 'connected', since: 0 } } as never,
    trunks: [],
    spans: [],
    disks: [],
    diskWarnPct: 90,
    sourceBans: [{ address: '203.0.113.9', bannedAt: 0, expiresAt: 3_600_000, failures: 30 }],
  });
  t.match(banners, [{ code: 'source_banned', subject: '203.0.113.9', data: { failures: 30 } }]);
});
