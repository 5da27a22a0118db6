import t from 'tap';
import { Bus, type LiveEvents } from '../../src/bus.js';
import { createLogger } from '../../src/log.js';
import { createTrunkStatus, registrationState, trunkIdOf } from '../../src/trunks/status.js';

function setup() {
  const bus = new Bus(createLogger('silent'));
  const published: LiveEvents['trunk.status'][] = [];
  bus.on('test', 'trunk.status', (s) => published.push(s));
  let resyncs = 0;
  const status = createTrunkStatus({
    bus,
    trunkForRegistration: (c, s) => (c === 'sip:u@127.0.0.2:5060' && s === 'sip:127.0.0.2:5060' ? 2 : null),
    registers: (id) => id === 2,
    requestResync: () => resyncs++,
  });
  return { bus, status, published, resyncs: () => resyncs };
}

t.test('trunk names: endpoint, aor, registration and contact ids; never a seat', async (t) => {
  t.equal(trunkIdOf('trunk-12'), 12);
  t.equal(trunkIdOf('trunk-3@@a1b2c3'), 3);
  for (const n of ['1001', 'trunk-', 'trunk-0', 'trunk-1x', 'xtrunk-1', '']) t.equal(trunkIdOf(n), null, n);
  t.equal(registrationState('Registered'), 'registered');
  t.equal(registrationState('Rejected'), 'rejected');
  t.equal(registrationState('Unregistered'), 'unregistered');
  t.equal(registrationState('Stopped'), 'unregistered');
});

t.test('qualify and registration events become trunk status, published once per change', async (t) => {
  const s = setup();
  t.same(s.status.get(1), { registration: 'none', reachability: 'unknown', rttMs: null });
  t.same(s.status.get(2), { registration: 'unregistered', reachability: 'unknown', rttMs: null });
  s.bus.emit('pjsip.contact', {
    endpoint: '',
    aor: 'trunk-1',
    uri: 'sip:127.0.0.2:5060',
    status: 'Reachable',
    rttUsec: 1234,
  });
  t.same(s.status.get(1), { registration: 'none', reachability: 'reachable', rttMs: 1.2 });
  s.bus.emit('pjsip.registry', {
    clientUri: 'sip:u@127.0.0.2:5060',
    serverUri: 'sip:127.0.0.2:5060',
    status: 'Registered',
    cause: '',
  });
  t.equal(s.status.get(2).registration, 'registered');
  s.bus.emit('pjsip.registry', {
    clientUri: 'sip:u@127.0.0.2:5060',
    serverUri: 'sip:127.0.0.2:5060',
    status: 'Registered',
    cause: '',
  });
  s.bus.emit('pjsip.contact', { endpoint: 'trunk-1', aor: 'trunk-1', uri: 'x', status: 'Unreachable' });
  t.same(s.status.get(1), { registration: 'none', reachability: 'unreachable', rttMs: null });
  t.same(
    s.published.map((p) => [p.id, p.registration, p.reachability]),
    [
      [1, 'none', 'reachable'],
      [2, 'registered', 'unknown'],
      [1, 'none', 'unreachable'],
    ],
    'a repeated event publishes nothing',
  );
});

t.test('seat contacts are ignored; uncertain events ask for a resync', async (t) => {
  const s = setup();
  s.bus.emit('pjsip.contact', { endpoint: '1001', aor: '1001', uri: 'sip:1001@x', status: 'Reachable' });
  t.equal(s.published.length, 0);
  t.equal(s.resyncs(), 0);
  s.bus.emit('pjsip.contact', { endpoint: '', aor: 'trunk-1', uri: 'x', status: 'Created' });
  s.bus.emit('pjsip.registry', {
    clientUri: 'sip:other@h',
    serverUri: 'sip:h',
    status: 'Registered',
    cause: '',
  });
  t.equal(s.resyncs(), 2);
});

t.test('a resync replaces the state wholesale', async (t) => {
  const s = setup();
  s.bus.emit('pjsip.contact', { endpoint: '', aor: 'trunk-5', uri: 'x', status: 'Reachable' });
  s.status.replaceAll(
    new Map([[2, 'rejected' as const]]),
    new Map([[1, { reachability: 'reachable' as const, rttMs: 0.8 }]]),
    [1, 2],
  );
  t.same(s.status.get(1), { registration: 'none', reachability: 'reachable', rttMs: 0.8 });
  t.same(s.status.get(2), { registration: 'rejected', reachability: 'unknown', rttMs: null });
  t.equal(s.status.get(5).reachability, 'unknown', 'a trunk no longer configured is forgotten');
});
