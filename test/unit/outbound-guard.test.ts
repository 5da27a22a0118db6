import t from 'tap';
import { createGuardStore, overLimits } from '../../src/outbound/guard.js';
import { tempDb } from '../support/api-app.js';

const NOW = 1_800_000_000_000;

function setup() {
  const { db, close } = tempDb();
  t.teardown(close);
  let n = 0;
  const cdr = (channel: string, dstchannel: string, minutesAgo: number, billsec = 10) => {
    n++;
    db.prepare(
      `INSERT INTO cdr (spool_id, start_at, channel, dstchannel, uniqueid, linkedid, billsec)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(n, (NOW - minutesAgo * 60_000) / 1000, channel, dstchannel, `u${n}`, `u${n}`, billsec);
  };
  const store = createGuardStore(db);
  return { db, store, cdr };
}

const limits = { seatCallsPerHour: 2, seatMinutesPerHour: 0, trunkCallsPerHour: 0, trunkMinutesPerHour: 0 };

t.test('more than N outside calls in the last hour puts a seat over its limit', async (t) => {
  const { store, cdr } = setup();
  store.setLimits(limits, NOW);
  cdr('PJSIP/1004-00000001', 'PJSIP/trunk-1-00000002', 50);
  cdr('PJSIP/1004-00000003', 'PJSIP/trunk-1-00000004', 10);
  // an internal call and a call more than an hour ago do not count
  cdr('PJSIP/1004-00000005', 'PJSIP/1002-00000006', 5);
  cdr('PJSIP/1004-00000007', 'PJSIP/trunk-1-00000008', 61);
  t.same(overLimits(store, NOW), [], 'two calls: at the limit, not over it');
  cdr('PJSIP/1004-00000009', 'PJSIP/trunk-12-0000000a', 1);
  const over = overLimits(store, NOW);
  t.same(over, [
    { kind: 'seat', subject: '1004', calls: 3, minutes: 1, reason: '3 outside calls in an hour (limit 2)' },
  ]);
  // once suspended it is not suspended twice; lifted, only calls after the lift count
  store.insert(over[0]!, NOW);
  t.same(overLimits(store, NOW), []);
  const id = store.active()[0]!.id;
  t.ok(store.lift(id, 'admin', NOW));
  t.same(overLimits(store, NOW + 1000), []);
});

t.test('minutes and per-trunk limits', async (t) => {
  const { store, cdr } = setup();
  store.setLimits(
    { seatCallsPerHour: 0, seatMinutesPerHour: 5, trunkCallsPerHour: 2, trunkMinutesPerHour: 0 },
    NOW,
  );
  cdr('PJSIP/1001-00000001', 'PJSIP/trunk-3-00000002', 30, 301);
  cdr('PJSIP/1002-00000003', 'PJSIP/trunk-3-00000004', 20, 10);
  cdr('PJSIP/1003-00000005', 'PJSIP/trunk-3-00000006', 10, 10);
  t.same(overLimits(store, NOW), [
    { kind: 'seat', subject: '1001', calls: 1, minutes: 6, reason: '6 outside minutes in an hour (limit 5)' },
    { kind: 'trunk', subject: '3', calls: 3, minutes: 6, reason: '3 outside calls in an hour (limit 2)' },
  ]);
});
