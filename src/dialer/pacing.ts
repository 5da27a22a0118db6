/**
 * How many calls a campaign places, the one pacing code the dialer and
 * bench/dialer share (pure: times come in as arguments).
 *
 * - preview: none (the agent dials from the desk);
 * - progressive: one call per idle agent not already waiting on one;
 * - agentless: up to the campaign's channel cap;
 * - predictive: the dial level × idle agents, minus the calls still ringing.
 *
 * The dial level adapts the VICIdial way: recomputed every few seconds from a
 * sliding window of recent dials (the answer rate gives the level that would
 * bring one live answer per idle agent), then held back by the abandon rate:
 * the day's rate and the window's are kept under the target (3 % of
 * live-answered calls) with a margin, the level falls fast when they are over
 * it and climbs slowly when they are under. Never below 1.0, never above the
 * campaign's ceiling.
 */

/** How often the dialer looks for calls to place (VICIdial's loop runs every 2.5–3 s). */
export const LOOP_EVERY_MS = 2_500;
/** How often the dial level is recomputed. */
export const LEVEL_EVERY_MS = 5_000;

export const DIAL_MODES = ['preview', 'progressive', 'predictive', 'agentless'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

export interface PacingOptions {
  /** Abandoned share of live-answered calls not to pass (0.03). */
  abandonTarget: number;
  /** Highest dial level (VICIdial's default ceiling is 3.0). */
  maxLevel: number;
  /** How far back the answer and abandon window reaches (ms). */
  windowMs: number;
  /** Dials in the window before its answer rate is trusted. */
  minSample: number;
  /** The answer rate assumed until then. */
  initialAnswerRate: number;
}

export const DEFAULT_PACING: PacingOptions = {
  abandonTarget: 0.03,
  maxLevel: 3,
  windowMs: 10 * 60_000,
  minSample: 20,
  initialAnswerRate: 0.5,
};

/** What the dialer tells the pacer, as it happens. */
export type PacingEvent =
  | { kind: 'dial'; at: number }
  /** A person answered (AMD said human, or no AMD). */
  | { kind: 'live'; at: number }

  /** A live answer no agent could take. */
  | { kind: 'abandon'; at: number };

export interface PacingFigures {
  dials: number;
  live: number;
  abandons: number;
  /** live / dials in the window (the initial guess below minSample). */
  answerRate: number;
  /** Abandons / live answers in the window and since the day began. */
  windowAbandonRate: number;
  dayAbandonRate: number;
}

/** Counts for one campaign: a sliding window and the day's totals. */
export class PacingTracker {
  private events: PacingEvent[] = [];
  private day = { key: '', live: 0, abandons: 0 };

  constructor(
    private readonly opts: PacingOptions = DEFAULT_PACING,
    /** The day an instant belongs to (the box's local date); the abandon cap is per day. */
    private readonly dayOf: (at: number) => string = (at) => new Date(at).toDateString(),
  ) {}

  record(e: PacingEvent): void {
    this.rollDay(e.at);
    this.events.push(e);
    if (e.kind === 'live') this.day.live++;
    if (e.kind === 'abandon') this.day.abandons++;
  }

  /** Seeds the day's totals (after a restart, from the stored attempts). */
  seedDay(at: number, live: number, abandons: number): void {
    this.day = { key: this.dayOf(at), live, abandons };
  }

  figures(now: number): PacingFigures {
    this.rollDay(now);
    const since = now - this.opts.windowMs;
    let start = 0;
    while (start < this.events.length && this.events[start]!.at < since) start++;
    if (start) this.events = this.events.slice(start);
    let dials = 0;
    let live = 0;
    let abandons = 0;
    for (const e of this.events) {
      if (e.kind === 'dial') dials++;
      else if (e.kind === 'live') live++;
      else abandons++;
    }
    return {
      dials,
      live,
      abandons,
      answerRate: dials >= this.opts.minSample ? live / dials : this.opts.initialAnswerRate,
      windowAbandonRate: live ? abandons / live : 0,
      dayAbandonRate: this.day.live ? this.day.abandons / this.day.live : 0,
    };
  }

  private rollDay(at: number): void {
    const key = this.dayOf(at);
    if (key !== this.day.key) this.day = { key, live: 0, abandons: 0 };
  }
}

/**
 * The next dial level from the current one and the tracker's figures: a
 * small step toward keeping the abandon rate at 85 % of the target (up while
 * under it, down in proportion when over), never past the level that would
 * bring one person per free agent (1 / answer rate), and cut by a fifth at
 * once when the day's rate reaches the target.
 */
export function nextDialLevel(level: number, f: PacingFigures, opts: PacingOptions = DEFAULT_PACING): number {
  const clamp = (x: number) => Math.min(opts.maxLevel, Math.max(1, x));
  const ideal = clamp(1 / Math.max(f.answerRate, 0.01));
  if (f.dayAbandonRate >= opts.abandonTarget) return clamp(Math.min(level * 0.8, ideal));
  const goal = opts.abandonTarget * 0.85;
  // the window (a few dozen answers) only counts once it has enough of them
  const rate = f.live >= opts.minSample ? Math.max(f.windowAbandonRate, f.dayAbandonRate) : f.dayAbandonRate;
  const error = Math.max(-3, (goal - rate) / goal);
  return clamp(Math.min(level + 0.1 * error, ideal));
}

export interface PlaceInput {
  mode: DialMode;
  level: number;
  /** Agents of the campaign signed in and free (not on a call, not reserved). */
  idleAgents: number;
  /** Calls of the campaign placed and not yet answered or failed. */
  ringing: number;
  /** Channels left under the campaign's and its trunks' caps. */
  channelsLeft: number;
}

/** Calls to place now. */
export function callsToPlace(p: PlaceInput): number {
  let want: number;
  switch (p.mode) {
    case 'preview':
      return 0;
    case 'progressive':
      // each call has its own agent reserved, so ringing calls are not idle agents' calls
      want = p.idleAgents;
      break;
    case 'agentless':
      want = p.channelsLeft;
      break;
    case 'predictive':
      want = Math.floor(p.level * p.idleAgents + 1e-9) - p.ringing;
      break;
  }
  return Math.max(0, Math.min(want, p.channelsLeft));
}
