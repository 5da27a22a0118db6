import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { translateQueueEvent } from '../../src/asterisk/queue-events.js';
import { Bus, type ChannelHold } from '../../src/bus.js';
import { buildCall } from '../../src/calls/build.js';
import { followHolds } from '../../src/calls/events.js';
import { holdSeconds } from '../../src/calls/holds.js';
import type { CdrForCall, HoldRow } from '../../src/calls/rows.js';
import { createCallsStore } from '../../src/calls/store.js';
import { openDb } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { cdr, LINKED, T } from '../support/cdr-rows.js';

const AGENT_CHANNEL = 'PJSIP/1005-0000000b';

/** The caller's CDR: a queue call agent 1005 answered at T+10, over at T+100. */
const leg = (over: Partial<CdrForCall> = {}): CdrForCall =>
  cdr({
    answer_at: T + 10,
    end_at: T + 100,
    dstchannel: AGENT_CHANNEL,
    lastapp: 'Queue',
    duration: 100,
    billsec: 90,
    disposition: 'ANSWERED',
    ...over,
  });

const hold = (start: number, end: number | null, over: Partial<HoldRow> = {}): HoldRow => ({
  uniqueid: `${T}.11`,
  channel: AGENT_CHANNEL,
  agent: '1005',
  start_at: T + start,
  end_at: end === null ? null : T + end,
  ...over,
});

t.test('hold seconds: the agent’s intervals added up, overlaps once, clipped to the call', async (t) => {
  const cdrs = [leg()];
  const sum = (holds: HoldRow[], agent = '1005') => holdSeconds(holds, cdrs, agent, T, T + 100);
  t.equal(sum([hold(20, 30.4)]), 10, 'one hold of 10.4 s');
  t.equal(sum([hold(20, 30), hold(40, 45.6)]), 16, 'two holds');
  t.equal(
    sum([hold(20, 30), hold(25, 35, { uniqueid: 'other', channel: 'PJSIP/1005-0000000c' })]),
    15,
    'overlap once',
  );
  t.equal(sum([hold(20, 30, { agent: '1006' })]), 0, 'another seat’s hold is not this agent’s');
  t.equal(sum([hold(20, 30)], ''), 0, 'no agent, no hold');
  t.equal(sum([hold(95, 130)]), 5, 'a hold past the call’s end counts up to it');
  t.equal(sum([hold(20, 20)]), 0, 'an empty interval');
});

t.test('an open hold ends with its channel’s CDR leg, else with the call', async (t) => {
  t.equal(
    holdSeconds([hold(60, null)], [leg({ end_at: T + 80 })], '1005', T, T + 100),
    20,
    'leg end (B side)',
  );
  const own = leg({ channel: AGENT_CHANNEL, dstchannel: '', uniqueid: `${T}.11`, end_at: T + 70 });
  t.equal(
    holdSeconds([hold(60, null)], [leg({ dstchannel: 'PJSIP/1009-00000001' }), own], '1005', T, T + 100),
    10,
    'the channel’s own CDR (A side)',
  );
  t.equal(
    holdSeconds([hold(60, null)], [leg({ dstchannel: 'PJSIP/1009-00000001' })], '1005', T, T + 100),
    40,
  );
  t.equal(holdSeconds([hold(60, null)], [], '1005', T, null), 0, 'no end known yet: nothing to count');
});

t.test('the builder puts the answering agent’s hold on the call row', async (t) => {
  const c = buildCall([leg()], [], [hold(20, 32), hold(50, 53, { agent: '1006', channel: 'PJSIP/1006-1' })]);
  t.match(c, { agent: '1005', outcome: 'answered', holdSeconds: 12 });
  t.equal(buildCall([leg()], [])?.holdSeconds, 0, 'no hold');
  const missed = buildCall(
    [leg({ disposition: 'NO ANSWER', answer_at: null, dstchannel: '' })],
    [],
    [hold(20, 30)],
  );
  t.equal(missed?.holdSeconds, 0, 'nobody answered: no agent hold');
});

t.test('Hold / Unhold / hangup events keep one interval per hold, idempotent', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-holds-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  t.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = createCallsStore(db);
  const bus = new Bus(log);
  const ended: string[] = [];
  followHolds(bus, 'test', store, (l) => ended.push(l));
  const ev = (held: boolean, at: number, uniqueid = `${T}.11`, channel = AGENT_CHANNEL) =>
    bus.emit('channel.hold', { held, uniqueid, linkedid: LINKED, channel, at: (T + at) * 1000 });

  ev(true, 20);
  ev(true, 20);
  ev(true, 22); // a second sendonly re-INVITE (e.g. to inactive) while on hold
  ev(false, 30);
  ev(false, 31);
  t.same(store.holdsOf(LINKED), [hold(20, 30)], 'one interval from the first Hold to the first Unhold');
  t.same(ended, [LINKED], 'its call is told once');

  ev(true, 40);
  bus.emit('channel.hungup', { uniqueid: `${T}.11`, linkedid: LINKED, cause: 16, at: (T + 45) * 1000 });
  t.same(store.holdsOf(LINKED)[1], hold(40, 45), 'the hangup ends a hold');

  // hotlined missed the Unhold and the hangup: the CDR leg ends the hold
  ev(true, 60, `${T}.12`, 'PJSIP/1006-0000000c');
  ev(true, 61, `${T}.13`, 'Local/x@y-00000001;2');
  t.equal(store.closeOrphanHolds(), 0, 'no CDR yet: the channel may still be up');
  db.prepare(
    `INSERT INTO cdr (spool_id, start_at, end_at, channel, dstchannel, uniqueid, linkedid)
     VALUES (1, ?, ?, 'PJSIP/trunk-1-0000000a', 'PJSIP/1006-0000000c', ?, ?)`,
  ).run(T, T + 75.5, LINKED, LINKED);
  t.equal(store.closeOrphanHolds(), 1);
  t.match(store.holdsOf(LINKED)[2], { agent: '1006', start_at: T + 60, end_at: T + 75.5 });
  t.match(store.holdsOf(LINKED)[3], { agent: '', end_at: null }, 'a channel with no CDR leg stays open');
  t.equal(store.closeOrphanHolds(LINKED), 0, 'again: nothing changes');
});

t.test('AMI Hold / Unhold frames become channel.hold with the event time', async (t) => {
  const bus = new Bus(createLogger('silent'));
  const seen: ChannelHold[] = [];
  bus.on('test', 'channel.hold', (e) => seen.push(e));
  // as Asterisk 22 sends them (manager.conf timestampevents = yes)
  const frame = (event: string, ts: string, extra: Record<string, string> = {}) => ({
    Event: event,
    Privilege: 'call,all',
    Timestamp: ts,
    Channel: AGENT_CHANNEL,
    ChannelState: '6',
    ChannelStateDesc: 'Up',
    CallerIDNum: '1005',
    Context: 'hotline-queues',
    Exten: 's',
    Priority: '1',
    Uniqueid: `${T}.11`,
    Linkedid: LINKED,
    ...extra,
  });
  t.ok(translateQueueEvent(frame('Hold', `${T + 20}.250000`, { MusicClass: 'default' }), bus));
  t.ok(translateQueueEvent(frame('Unhold', `${T + 24}.500000`), bus));
  t.ok(translateQueueEvent({ Event: 'Hold', Channel: AGENT_CHANNEL }, bus), 'a frame without a Uniqueid');
  t.same(seen, [
    { held: true, uniqueid: `${T}.11`, linkedid: LINKED, channel: AGENT_CHANNEL, at: (T + 20) * 1000 + 250 },
    { held: false, uniqueid: `${T}.11`, linkedid: LINKED, channel: AGENT_CHANNEL, at: (T + 24) * 1000 + 500 },
  ]);
});
