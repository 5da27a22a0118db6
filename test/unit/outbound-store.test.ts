import t from 'tap';
import { createOutboundStore } from '../../src/outbound/store.js';
import { createTrunkStore } from '../../src/trunks/store.js';
import { tempDb } from '../support/api-app.js';

function setup() {
  const { db, close } = tempDb();
  t.teardown(close);
  const trunks = createTrunkStore(db);
  const base = {
    kind: 'sip' as const,
    enabled: true,
    host: '192.0.2.1',
    port: 5060,
    transport: 'udp' as const,
    auth: 'ip' as const,
    username: null,
    secret: null,
    codecs: ['alaw' as const],
    maxChannels: 2,
    callerId: null,
  };
  const t1 = trunks.insert({ ...base, name: 'a' }, 1);
  const t2 = trunks.insert({ ...base, name: 'b' }, 1);
  const store = createOutboundStore(db);
  const route = (name: string, trunkIds = [t1]) => ({
    name,
    enabled: true,
    patterns: ['_X.'],
    requiredClass: 'national' as const,
    stripDigits: 0,
    prepend: '',
    trunkIds,
    callerId: null,
  });
  return { db, store, route, t1, t2 };
}

t.test('routes keep positions 1..n through insert at a position, move and delete', async (t) => {
  const { store, route } = setup();
  const a = store.insert(route('a'), undefined, 1);
  const b = store.insert(route('b'), undefined, 1);
  const c = store.insert(route('c'), 1, 1);
  const order = () => store.all().map((r) => [r.position, r.name]);
  t.same(order(), [
    [1, 'c'],
    [2, 'a'],
    [3, 'b'],
  ]);
  store.update({ ...store.get(c)!, name: 'c' }, 3, 2);
  t.same(order(), [
    [1, 'a'],
    [2, 'b'],
    [3, 'c'],
  ]);
  store.reorder([b, c, a]);
  t.same(order(), [
    [1, 'b'],
    [2, 'c'],
    [3, 'a'],
  ]);
  store.remove(c);
  t.same(order(), [
    [1, 'b'],
    [2, 'a'],
  ]);
});

t.test('trunk lists keep failover order; a used trunk cannot vanish under a route', async (t) => {
  const { db, store, route, t1, t2 } = setup();
  const id = store.insert(route('r', [t2, t1]), undefined, 1);
  t.same(store.get(id)!.trunkIds, [t2, t1]);
  t.same(store.routesUsingTrunk(t1), ['r']);
  t.throws(() => db.prepare('DELETE FROM trunks WHERE id = ?').run(t1), /FOREIGN KEY/);
  store.setDenyList(['_1900X.', '16800']);
  t.same(store.denyList(), ['_1900X.', '16800']);
  store.setDenyList([]);
  t.same(store.denyList(), []);
});
