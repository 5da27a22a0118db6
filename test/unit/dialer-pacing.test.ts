import t from 'tap';
import { DEFAULT_MODEL, simulate } from '../../bench/dialer-sim.js';
import { type AttemptFacts, resultOf, retryOf } from '../../src/dialer/outcome.js';
import {
  callsToPlace,
  DEFAULT_PACING,
  nextDialLevel,
  type PacingFigures,
  PacingTracker,
} from '../../src/dialer/pacing.js';
import { CampaignSettings } from '../../src/dialer/schema.js';

const figures = (f: Partial<PacingFigures>): PacingFigures => ({
  dials: 100,
  live: 25,
  abandons: 0,
  answerRate: 0.25,
  windowAbandonRate: 0,
  dayAbandonRate: 0,
  ...f,
});

t.test(
  'the dial level climbs toward 1 / answer rate while abandons are low, within the ceiling',
  async (t) => {
    let level = 1;
    for (let i = 0; i < 50; i++) level = nextDialLevel(level, figures({}));
    t.equal(level, 3, 'ideal 4.0 is held at the 3.0 ceiling');
    level = 1;
    for (let i = 0; i < 50; i++) level = nextDialLevel(level, figures({ answerRate: 0.5 }));
    t.equal(level, 2);
  },
);

t.test('over the abandon target the level falls, never below 1.0', async (t) => {
  let level = 3;
  level = nextDialLevel(level, figures({ dayAbandonRate: 0.04 }));
  t.ok(Math.abs(level - 2.4) < 1e-9, 'the day over the cap cuts a fifth at once');
  for (let i = 0; i < 20; i++) level = nextDialLevel(level, figures({ windowAbandonRate: 0.2 }));
  t.ok(level >= 1 && level < 1.01, `level ${level}`);
  t.equal(nextDialLevel(1, figures({ answerRate: 1 })), 1, 'a full answer rate gives 1.0');
  const held = nextDialLevel(2.5, figures({ dayAbandonRate: 0.0255 }));
  t.ok(Math.abs(held - 2.5) < 1e-9, `at 85 % of the target it holds (${held})`);
  t.ok(
    nextDialLevel(2.5, figures({ windowAbandonRate: 0.05 })) < 2.5,
    'a window well over the goal brings it down',
  );
});

t.test('the tracker keeps a sliding window and the day', async (t) => {
  const tr = new PacingTracker({ ...DEFAULT_PACING, windowMs: 1000, minSample: 2 }, (at) =>
    String(Math.floor(at / 10_000)),
  );
  tr.record({ kind: 'dial', at: 0 });
  tr.record({ kind: 'dial', at: 100 });
  tr.record({ kind: 'live', at: 200 });
  tr.record({ kind: 'abandon', at: 300 });
  t.match(tr.figures(400), { dials: 2, live: 1, abandons: 1, answerRate: 0.5, dayAbandonRate: 1 });
  t.match(
    tr.figures(1250),
    { dials: 0, live: 0, abandons: 1, dayAbandonRate: 1 },
    'the window moved on, the day keeps it all',
  );
  t.match(tr.figures(10_000), { dayAbandonRate: 0 }, 'a new day starts at 0');
});

t.test('calls to place per mode', async (t) => {
  const base = { level: 2.5, idleAgents: 2, ringing: 1, channelsLeft: 10 };
  t.equal(callsToPlace({ ...base, mode: 'preview' }), 0);
  t.equal(callsToPlace({ ...base, mode: 'progressive' }), 2);
  t.equal(callsToPlace({ ...base, mode: 'predictive' }), 4);
  t.equal(callsToPlace({ ...base, mode: 'agentless' }), 10);
  t.equal(callsToPlace({ ...base, mode: 'predictive', channelsLeft: 3 }), 3, 'the channel cap holds');
  t.equal(callsToPlace({ ...base, mode: 'predictive', ringing: 9 }), 0, 'never negative');
});

t.test('results from what the call reported', async (t) => {
  const s = CampaignSettings.parse({});
  const f = (x: Partial<AttemptFacts>): AttemptFacts => ({
    mode: 'progressive',
    dialStatus: 'ANSWER',
    answered: true,
    amd: 'HUMAN',
    agentAnswered: true,
    abandoned: false,
    key: null,
    ...x,
  });
  t.equal(resultOf(f({ dialStatus: 'BUSY', answered: false }), s), 'busy');
  t.equal(resultOf(f({ dialStatus: 'CANCEL', answered: false }), s), 'no-answer');
  t.equal(resultOf(f({ dialStatus: 'CONGESTION', answered: false }), s), 'failed');
  t.equal(resultOf(f({ dialStatus: 'FULL', answered: false }), s), 'failed');
  t.equal(resultOf(f({ amd: 'MACHINE' }), s), 'machine');
  t.equal(resultOf(f({}), s), 'human');
  t.equal(resultOf(f({ abandoned: true, agentAnswered: false }), s), 'abandoned');
  t.equal(resultOf(f({ abandoned: true, agentAnswered: false, key: '9' }), s), 'opted-out');
  t.equal(resultOf(f({ mode: 'agentless', agentAnswered: false, key: '1' }), s), 'confirmed');
});

t.test('retries per result with delays and a maximum', async (t) => {
  const s = CampaignSettings.parse({ retry: { busy: { max: 2, delayMinutes: 5 } } });
  t.same(retryOf('busy', 1, s, 1000), { status: 'pending', nextAt: 1000 + 5 * 60_000 });
  t.same(retryOf('busy', 2, s, 1000), { status: 'done', nextAt: 0 });
  t.same(retryOf('human', 1, s, 1000), { status: 'done', nextAt: 0 });
  t.same(retryOf('abandoned', 1, s, 1000), { status: 'done', nextAt: 0 });
});

t.test('the seeded model: predictive beats progressive by 1.3x with abandons at most 3 %', async (t) => {
  const model = { ...DEFAULT_MODEL, hours: 2 };
  const prog = simulate('progressive', model);
  const pred = simulate('predictive', model);
  t.equal(prog.abandons, 0, 'progressive reserves an agent per call');
  t.ok(pred.abandonRate <= 0.03, `abandon ${(pred.abandonRate * 100).toFixed(2)} %`);
  t.ok(
    pred.talkMinutesPerAgentHour >= 1.3 * prog.talkMinutesPerAgentHour,
    `${pred.talkMinutesPerAgentHour.toFixed(1)} vs ${prog.talkMinutesPerAgentHour.toFixed(1)}`,
  );
  t.same(simulate('predictive', model), pred, 'the same seed gives the same figures');
});
