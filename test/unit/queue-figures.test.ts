import t from 'tap';
import {
  addCounters,
  countVisit,
  emptyCounters,
  type QueueCounters,
  queueFigures,
} from '../../src/metrics/queue-figures.js';

const th = { serviceLevelSec: 20, shortAbandonSec: 5 };
const counters = (over: Partial<QueueCounters>): QueueCounters => ({ ...emptyCounters(), ...over });
const visit = (over: Partial<Parameters<typeof countVisit>[1]>) => ({
  offered: true,
  answeredWaitSec: null,
  abandonedWaitSec: null,
  exited: false,
  talkSec: null,
  ...over,
});

t.test('no calls: every figure is null, never NaN', async (t) => {
  const f = queueFigures(emptyCounters());
  t.same([f.serviceLevelPct, f.abandonRatePct, f.asaSec, f.ahtSec], [null, null, null, null]);
});

t.test('callers still waiting count as offered but not in the service level yet', async (t) => {
  const f = queueFigures(counters({ offered: 3 }));
  t.equal(f.offered, 3);
  t.equal(f.serviceLevelPct, null, 'nobody answered, abandoned or left yet');
  t.equal(f.abandonRatePct, null);
});

t.test('service level: answered within the threshold over answered, abandoned and exited', async (t) => {
  const f = queueFigures(
    counters({ offered: 10, answered: 6, answeredWithinSl: 4, abandoned: 1, exited: 1, shortAbandoned: 2 }),
  );
  t.equal(f.serviceLevelPct, 50, '4 of 8: the 2 short abandons count in neither part');
  t.equal(f.abandonRatePct, 12.5, '1 of 8');
});

t.test('all abandoned: service level 0 %, abandon rate 100 %, no ASA or AHT', async (t) => {
  const f = queueFigures(counters({ offered: 4, abandoned: 4 }));
  t.same([f.serviceLevelPct, f.abandonRatePct, f.asaSec, f.ahtSec], [0, 100, null, null]);
});

t.test('only short abandons: no figure, since none was a real request for service', async (t) => {
  const f = queueFigures(counters({ offered: 2, shortAbandoned: 2 }));
  t.same([f.serviceLevelPct, f.abandonRatePct, f.shortAbandoned], [null, null, 2]);
});

t.test('ASA over answered calls, AHT over completed calls, one decimal', async (t) => {
  const f = queueFigures(
    counters({ answered: 3, totalWaitAnsweredSec: 10, completed: 2, totalTalkSec: 125 }),
  );
  t.equal(f.asaSec, 3.3);
  t.equal(f.ahtSec, 62.5, 'the call still talking is not in AHT');
});

t.test('a visit has one fate: answered beats abandoned beats exited', async (t) => {
  const c = emptyCounters();
  countVisit(c, visit({ answeredWaitSec: 20, abandonedWaitSec: 30, exited: true, talkSec: 60 }), th);
  t.match(c, { offered: 1, answered: 1, answeredWithinSl: 1, abandoned: 0, exited: 0, completed: 1 });
  countVisit(c, visit({ abandonedWaitSec: 30, exited: true }), th);
  t.match(c, { offered: 2, abandoned: 1, exited: 0 });
  countVisit(c, visit({ exited: true }), th);
  t.match(c, { offered: 3, exited: 1 });
  countVisit(c, visit({}), th);
  t.match(c, { offered: 4, answered: 1, abandoned: 1, exited: 1 }, 'a waiting caller is only offered');
});

t.test('thresholds are inclusive: 20 s is within a 20 s service level, 5 s is a short abandon', async (t) => {
  const c = emptyCounters();
  countVisit(c, visit({ answeredWaitSec: 20 }), th);
  countVisit(c, visit({ answeredWaitSec: 21 }), th);
  countVisit(c, visit({ abandonedWaitSec: 5 }), th);
  countVisit(c, visit({ abandonedWaitSec: 6 }), th);
  t.match(c, { answered: 2, answeredWithinSl: 1, shortAbandoned: 1, abandoned: 1, totalWaitAnsweredSec: 41 });
});

t.test('a call answered before the period and completed in it adds talk, not an offer', async (t) => {
  const c = emptyCounters();
  countVisit(c, visit({ offered: false, talkSec: 30 }), th);
  t.match(c, { offered: 0, answered: 0, completed: 1, totalTalkSec: 30 });
});

t.test('figures of several queues are those of the summed counters, not an average of figures', async (t) => {
  const a = counters({ answered: 1, answeredWithinSl: 1 });
  const b = counters({ answered: 9, answeredWithinSl: 0 });
  t.equal(queueFigures(addCounters(a, b)).serviceLevelPct, 10, '1 of 10, not the mean of 100 % and 0 %');
});
