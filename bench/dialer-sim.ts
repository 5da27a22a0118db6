/**
 * A seeded discrete-event model of an outbound campaign, driven by the
 * dialer's own pacing code (src/dialer/pacing.ts: PacingTracker,
 * nextDialLevel, callsToPlace) at the dialer's own loop and level periods.
 *
 * The model (every figure a parameter, defaults below):
 * - `agents` agents (20 by default: one outbound team), all signed in for the whole shift, never paused;
 * - every dial ends one of four ways, drawn independently: a person answers
 *   (`human`), an answering machine answers (`machine`), busy, or no answer;
 * - a person answers after 4–16 s of ringing, a machine after 6–20 s and is
 *   told apart by AMD in 3.5 s, busy comes after 1–4 s, no answer is given up
 *   at the campaign's 30 s ring timeout (all uniform);
 * - talk time is exponential with mean `talkSec` (at least 10 s), then
 *   `wrapSec` of wrap-up before the agent is free again;
 * - a person no agent can take within 2 s hears the company's message and is
 *   an abandon; in progressive mode every call has its agent reserved, so
 *   nobody is abandoned.
 * The list never runs out (a fresh number for every dial).
 */
import {
  callsToPlace,
  DEFAULT_PACING,
  type DialMode,
  LEVEL_EVERY_MS,
  LOOP_EVERY_MS,
  nextDialLevel,
  PacingTracker,
} from '../src/dialer/pacing.js';

export interface SimModel {
  agents: number;
  hours: number;
  human: number;
  machine: number;
  busy: number;
  talkSec: number;
  wrapSec: number;
  seed: number;
}

export const DEFAULT_MODEL: SimModel = {
  agents: 20,
  hours: 8,
  human: 0.25,
  machine: 0.15,
  busy: 0.1,
  talkSec: 90,
  wrapSec: 10,
  seed: 42,
};

export interface SimResult {
  mode: DialMode;
  dials: number;
  live: number;
  abandons: number;
  abandonRate: number;
  talkMinutesPerAgentHour: number;
  finalLevel: number;
}

/** mulberry32: small, seeded, good enough for a traffic model. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ev =
  | { at: number; kind: 'tick' }
  | { at: number; kind: 'human'; reserved: boolean }
  | { at: number; kind: 'ended' } // busy, no answer or machine: the line is free
  | { at: number; kind: 'free' }
  | { at: number; kind: 'giveUp'; id: number };

/** A binary min-heap on `at`. */
class Queue {
  private h: Ev[] = [];
  push(e: Ev) {
    const h = this.h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Ev | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

export function simulate(mode: DialMode, model: SimModel = DEFAULT_MODEL): SimResult {
  const rand = rng(model.seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const end = model.hours * 3_600_000;
  const tracker = new PacingTracker(DEFAULT_PACING, () => 'day');
  const q = new Queue();
  let idle = model.agents;
  let reserved = 0;
  let ringing = 0;
  let level = 1;
  let nextLevelAt = 0;
  let talkMs = 0;
  let dials = 0;
  let live = 0;
  let abandons = 0;
  // people waiting for an agent (at most 2 s), by id
  const waiting: number[] = [];
  let nextWaitId = 0;

  const startTalk = (at: number) => {
    const talk = Math.max(10_000, -Math.log(1 - rand()) * model.talkSec * 1000);
    talkMs += Math.min(talk, Math.max(0, end - at));
    q.push({ at: at + talk + model.wrapSec * 1000, kind: 'free' });
  };

  const dial = (at: number) => {
    dials++;
    ringing++;
    tracker.record({ kind: 'dial', at });
    if (mode === 'progressive') reserved++;
    const r = rand();
    if (r < model.human)
      q.push({ at: at + uniform(4_000, 16_000), kind: 'human', reserved: mode === 'progressive' });
    else if (r < model.human + model.machine)
      q.push({ at: at + uniform(6_000, 20_000) + 3_500, kind: 'ended' });
    else if (r < model.human + model.machine + model.busy)
      q.push({ at: at + uniform(1_000, 4_000), kind: 'ended' });
    else q.push({ at: at + 30_000, kind: 'ended' });
  };

  q.push({ at: 0, kind: 'tick' });
  for (let e = q.pop(); e && e.at < end; e = q.pop()) {
    switch (e.kind) {
      case 'tick': {
        const figures = tracker.figures(e.at);
        if (e.at >= nextLevelAt && mode === 'predictive') {
          level = nextDialLevel(level, figures);
          nextLevelAt = e.at + LEVEL_EVERY_MS;
        }
        const free = mode === 'progressive' ? idle - reserved : idle - waiting.length;
        const n = callsToPlace({
          mode,
          level,
          idleAgents: Math.max(0, free),
          ringing,
          channelsLeft: 1000,
        });
        for (let i = 0; i < n; i++) dial(e.at);
        q.push({ at: e.at + LOOP_EVERY_MS, kind: 'tick' });
        break;
      }
      case 'ended':
        ringing--;
        if (mode === 'progressive') reserved--;
        break;
      case 'human':
        ringing--;
        live++;
        tracker.record({ kind: 'live', at: e.at });
        if (e.reserved) {
          reserved--;
          idle--;
          startTalk(e.at);
        } else if (idle - waiting.length > 0) {
          idle--;
          startTalk(e.at);
        } else {
          const id = nextWaitId++;
          waiting.push(id);
          q.push({ at: e.at + 2_000, kind: 'giveUp', id });
        }
        break;
      case 'free':
        if (waiting.length) {
          waiting.shift();
          startTalk(e.at);
        } else idle++;
        break;
      case 'giveUp': {
        const i = waiting.indexOf(e.id);
        if (i >= 0) {
          waiting.splice(i, 1);
          abandons++;
          tracker.record({ kind: 'abandon', at: e.at });
        }
        break;
      }
    }
  }
  return {
    mode,
    dials,
    live,
    abandons,
    abandonRate: live ? abandons / live : 0,
    talkMinutesPerAgentHour: talkMs / 60_000 / (model.agents * model.hours),
    finalLevel: level,
  };
}
