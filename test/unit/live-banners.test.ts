import t from 'tap';
import { computeBanners } from '../../src/live/banners.js';
import type { AsteriskView, TrunkView } from '../../src/live/types.js';

const up: AsteriskView = {
  ami: { state: 'connected', since: '2026-11-23T08:00:00.000Z' },
  ari: { state: 'connected', since: '2026-11-23T08:00:00.000Z' },
  version: '22.5.2',
  startedAt: null,
};
const trunk = (id: number, patch: Partial<TrunkView>): TrunkView => ({
  id,
  name: `中继 ${id}`,
  registration: 'none',
  reachability: 'reachable',
  rttMs: 3,
  ...patch,
});

t.test('all well: no banner', async (t) => {
  t.same(
    computeBanners({
      asterisk: up,
      trunks: [trunk(1, {}), trunk(2, { registration: 'registered' })],
      spans: [{ span: 1, alarm: null, since: '2026-11-23T08:00:00.000Z', description: null }],
      disks: [{ label: 'data', path: '/var/lib/hotline', usedPct: 89 }],
      diskWarnPct: 90,
    }),
    [],
  );
});

t.test('trunks unregistered or unreachable, a span in alarm, a full disk: one banner each', async (t) => {
  const b = computeBanners({
    asterisk: up,
    trunks: [
      trunk(3, { reachability: 'unreachable', rttMs: null }),
      trunk(2, { registration: 'rejected' }),
      trunk(1, { registration: 'unregistered' }),
    ],
    spans: [{ span: 1, alarm: 'RED', since: '2026-11-23T09:00:00.000Z', description: null }],
    disks: [
      { label: 'data', path: '/var/lib/hotline', usedPct: 90 },
      { label: 'recordings', path: '/var/spool/asterisk', usedPct: 97 },
    ],
    diskWarnPct: 90,
  });
  t.same(
    b.map((x) => `${x.code} ${x.subject}`),
    [
      'trunk_unregistered trunk 1',
      'trunk_unregistered trunk 2',
      'trunk_unreachable trunk 3',
      'span_alarm span 1',
      'disk_full data',
      'disk_full recordings',
    ],
    'stable order: trunks by id, then spans, then disks',
  );
  t.match(b[1]!.message, /中继 2.*rejected/);
  t.same(b[3]!.data, { span: 1, alarm: 'RED' });
  t.equal(b[3]!.since, '2026-11-23T09:00:00.000Z');
});

t.test('Asterisk disconnected: its banner, and no stale trunk banners', async (t) => {
  const b = computeBanners({
    asterisk: { ...up, ami: { state: 'connecting', since: '2026-11-23T10:00:00.000Z' } },
    trunks: [trunk(1, { reachability: 'unreachable' })],
    spans: [],
    disks: [],
    diskWarnPct: 90,
  });
  t.same(
    b.map((x) => [x.code, x.subject, x.since]),
    [['asterisk_disconnected', 'ami', '2026-11-23T10:00:00.000Z']],
  );
});
