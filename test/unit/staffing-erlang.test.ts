import t from 'tap';
import { agentsNeeded, erlangC, figuresFor } from '../../src/staffing/erlang.js';

// Erlang C wait probabilities as printed in the classic tables (four places).
const TABLE: [agents: number, erlangs: number, waitProbability: number][] = [
  [2, 1, 0.3333],
  [3, 2, 0.4444],
  [5, 3, 0.2362],
  [11, 10, 0.6821],
  [12, 10, 0.4494],
  [13, 10, 0.2853],
  [14, 10, 0.1741],
  [15, 10, 0.102],
];

t.test('Erlang C matches the published table within rounding', async (t) => {
  for (const [agents, a, expected] of TABLE) {
    t.equal(Number(erlangC(agents, a).toFixed(4)), expected, `C(${agents}, ${a})`);
  }
});

t.test('a queue that cannot keep up waits always; no traffic never waits', async (t) => {
  t.equal(erlangC(10, 10), 1);
  t.equal(erlangC(3, 7.5), 1);
  t.equal(erlangC(5, 0), 0);
});

t.test('the textbook half hour: 100 calls, 180 s AHT, 80 % in 20 s needs 14 agents', async (t) => {
  const input = { calls: 100, intervalSec: 1800, ahtSec: 180 };
  const thirteen = figuresFor(13, input, 20);
  t.ok(thirteen.serviceLevel < 0.8, `13 agents answer ${(thirteen.serviceLevel * 100).toFixed(1)} % in time`);
  const need = agentsNeeded(input, { serviceLevel: 0.8, targetSec: 20, maxOccupancy: 1 });
  t.equal(need.agents, 14);
  t.equal(Number((need.serviceLevel * 100).toFixed(1)), 88.8);
  t.equal(Number(need.asaSec.toFixed(1)), 7.8);
  t.equal(Number(need.occupancy.toFixed(3)), 0.714);
});

t.test('a maximum occupancy adds agents the service level alone would not', async (t) => {
  const input = { calls: 1000, intervalSec: 1800, ahtSec: 180 }; // 100 Erlangs
  const bySl = agentsNeeded(input, { serviceLevel: 0.8, targetSec: 20, maxOccupancy: 1 });
  const capped = agentsNeeded(input, { serviceLevel: 0.8, targetSec: 20, maxOccupancy: 0.85 });
  t.ok(bySl.occupancy > 0.85, `occupancy ${bySl.occupancy.toFixed(3)} with ${bySl.agents} agents`);
  t.equal(capped.agents, Math.ceil(100 / 0.85));
  t.ok(capped.occupancy <= 0.85);
});

t.test('no calls needs no agents; large centres stay finite', async (t) => {
  t.equal(
    agentsNeeded(
      { calls: 0, intervalSec: 1800, ahtSec: 200 },
      { serviceLevel: 0.9, targetSec: 15, maxOccupancy: 0.9 },
    ).agents,
    0,
  );
  const big = agentsNeeded(
    { calls: 20_000, intervalSec: 1800, ahtSec: 240 },
    { serviceLevel: 0.9, targetSec: 15, maxOccupancy: 1 },
  );
  t.ok(big.agents > 2667 && big.agents < 2800, `${big.agents} agents for ${big.erlangs.toFixed(0)} Erlangs`);
  t.ok(Number.isFinite(big.waitProbability) && big.waitProbability > 0 && big.waitProbability < 1);
});
