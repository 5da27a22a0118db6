import { type Ari, type AriEvent, eventTime } from '../asterisk/ari.js';
import { ivrContext } from '../destinations/compile.js';
import { isAppError } from '../errors.js';
import { createRecentHistogram, type RecentHistogram } from '../kit/recent-histogram.js';
import type { Logger } from '../log.js';
import { promptsOf } from './graph.js';
import {
  type CallEvent,
  type CallerInfo,
  type CallState,
  type Effect,
  initialState,
  next,
  PATH_VARIABLE,
  PLAYBACK_SLOTS,
  playbackIdOf,
} from './machine.js';
import type { Ivr } from './schema.js';

/**
 * The shell around machine.ts: ARI events of our Stasis app in, effects out
 * as ARI requests, one serial effect queue and at most one timer per call.
 * Callers enter answered, with `Stasis(<app>,ivr,<id>,<CDR(ivrpath)>)`
 * (extensions_ivr.conf): the path a caller brings from another IVR comes
 * with StasisStart rather than by one more request.
 *
 * Round trips are what an IVR step costs (bench/inbound): a stop is sent
 * without waiting for its answer (a continue, play or variable queued behind
 * the playback runs once it stops, Asterisk keeps the order), an answer is
 * skipped for a channel already up, and a path variable that a later one
 * replaces before any prompt plays is never sent.
 *
 * Whatever goes wrong for a live call ends in continueInDialplan at the next
 * priority, which is the IVR's fallback and then Return() to the inbound
 * route's fallback: never silence. On every ARI (re)connect, callers still
 * parked in the app that this process is not driving (left by a process that
 * died) are released the same way at once.
 */

export type RunnerAri = Pick<
  Ari,
  | 'onEvent'
  | 'onState'
  | 'answer'
  | 'play'
  | 'stopPlayback'
  | 'setVariable'
  | 'continueInDialplan'
  | 'hangup'
  | 'parkedChannelIds'
  | 'getVariable'
>;

export interface RunnerDeps {
  ari: RunnerAri;
  ivrs: {
    find(id: number): Ivr | undefined;
    transferExtension(id: number, nodeId: string): string | null;
  };
  prompts: { playbackPath(id: number): string; durationMs(id: number): number | undefined };
  customers: { lookup(number: string): Promise<CallerInfo | null> };
  schedules: { isOpen(id: number): boolean };
  /** Where step latencies go (shared with compiled IVRs' steps); one of its own when absent. */
  stepLatency?: RecentHistogram;
  /** The caller's path through the IVR changed (nodes and keys, as CDR(ivrpath) gets it): the desk's screen-pop. */
  onPath?(channelId: string, ivrId: number, path: string[]): void;
  log: Logger;
}

interface Call {
  state: CallState;
  caller: string;
  timer: NodeJS.Timeout | null;
  /** Effects run one after another: a stop must follow the play it stops. */
  chain: Promise<void>;
  /** Set once the call is given up or gone: queued effects are skipped. */
  dead: boolean;
  /** The channel was up at StasisStart: the machine's answer needs no request. */
  answered: boolean;
  /** Effects queued so far, and the number of the last path variable and the last play among them. */
  queued: number;
  lastPath: number;
  lastPlay: number;
  /** Path variables replaced by a newer one before any prompt played: never sent. */
  superseded: Set<number>;
  /** When Asterisk got the digit that started a step not yet under way (step latency). */
  stepFrom: number | null;
  /** Made on first use: a pino child per caller costs more than the rest of a quiet call. */
  log: () => Logger;
}

/** How long stop() waits for callers to be released before Asterisk's connection goes. */
const STOP_GRACE_MS = 2000;

export type IvrRunner = ReturnType<typeof createIvrRunner>;

export function createIvrRunner(deps: RunnerDeps) {
  const { ari } = deps;
  const log = deps.log.child({ component: 'ivr-runner' });
  const calls = new Map<string, Call>();
  /** DTMF received → the next prompt started or the caller left the app, in ms (GET /system/runtime). */
  const ownHistogram = !deps.stepLatency;
  const stepLatency = deps.stepLatency ?? createRecentHistogram();
  let stopped = false;

  const drop = (channelId: string, call: Call) => {
    call.dead = true;
    if (call.timer) clearTimeout(call.timer);
    call.timer = null;
    if (calls.get(channelId) === call) calls.delete(channelId);
  };

  /**
   * Stop any prompt, then continue at the next priority. Asterisk 22 runs a
   * continue only after the current playback ends (measured: 28 s into a 30 s
   * prompt), and which of the channel's playback slots is playing is not
   * always known (a queued stop may have been skipped), so all are stopped.
   */
  const release = async (channelId: string, stopPrompts = true) => {
    if (stopPrompts) await stopAll(channelId);
    try {
      await ari.continueInDialplan(channelId);
    } catch (err) {
      // gone (hung up) or no longer in our app: nothing left to do for this caller
      if (isAppError(err, 'not_found') || isAppError(err, 'conflict')) return;
      log.error({ err, call: channelId }, 'could not release a caller to the fallback');
    }
  };

  /** A bug or an unexpected ARI failure for a live call: release it to the fallback. */
  const fail = (channelId: string, call: Call, err: unknown, during: string) => {
    if (call.dead) return;
    call
      .log()
      .error({ err, during, node: call.state.node }, 'IVR step failed, releasing the caller to the fallback');
    drop(channelId, call);
    void release(channelId);
  };

  const stopAll = (channelId: string) =>
    Promise.allSettled(
      Array.from({ length: PLAYBACK_SLOTS }, (_, slot) => ari.stopPlayback(playbackIdOf(channelId, slot))),
    );

  const feed = (channelId: string, call: Call, event: CallEvent) => {
    if (call.dead) return;
    let result: ReturnType<typeof next>;
    try {
      result = next(call.state, event);
    } catch (err) {
      fail(channelId, call, err, event.type);
      return;
    }
    call.state = result.state;
    if (deps.onPath && result.effects.some((fx) => fx.kind === 'setVar' && fx.name === PATH_VARIABLE))
      deps.onPath(channelId, call.state.ivrId, [...call.state.path]);
    for (const fx of result.effects) {
      if (fx.kind === 'armTimer') {
        if (call.timer) clearTimeout(call.timer);
        call.timer = setTimeout(() => {
          call.timer = null;
          feed(channelId, call, { type: 'timer', token: fx.token });
        }, fx.ms);
      } else if (fx.kind === 'cancelTimer') {
        if (call.timer) clearTimeout(call.timer);
        call.timer = null;
      } else {
        const n = ++call.queued;
        if (fx.kind === 'setVar' && fx.name === PATH_VARIABLE) {
          if (call.lastPath > call.lastPlay) call.superseded.add(call.lastPath);
          call.lastPath = n;
        }
        if (fx.kind === 'play') call.lastPlay = n;
        call.chain = call.chain.then(() => perform(channelId, call, fx, n));
      }
    }
    if (call.state.phase === 'done') {
      // forget the call once its last effects (transfer, hang-up) are out
      call.chain = call.chain.then(() => drop(channelId, call));
    }
  };

  const perform = async (channelId: string, call: Call, fx: Effect, n: number): Promise<void> => {
    if (call.dead) return;
    // a newer path is on its way and nothing plays before it: this one would never be seen
    if (call.superseded.delete(n)) return;
    try {
      await carryOut(channelId, call, fx);
    } catch (err) {
      if (isAppError(err, 'not_found') || isAppError(err, 'conflict')) {
        // the caller hung up or left the app meanwhile: an outcome, not a failure
        log.debug({ call: channelId, effect: fx.kind }, 'channel gone');
        drop(channelId, call);
        return;
      }
      fail(channelId, call, err, fx.kind);
    }
  };

  const carryOut = async (channelId: string, call: Call, fx: Effect): Promise<void> => {
    const ivrId = call.state.ivrId;
    switch (fx.kind) {
      case 'answer':
        if (call.answered) return;
        return ari.answer(channelId);
      case 'setVar':
        return ari.setVariable(channelId, fx.name, fx.value);
      case 'play':
        await ari.play(
          channelId,
          fx.promptIds.map((id) => `sound:${deps.prompts.playbackPath(id)}`),
          fx.playbackId,
        );
        return;
      case 'stopPlayback':
        // Not awaited: what follows queues behind the playback and runs once it stops.
        // Already over is fine: the digit raced the end of the prompt.
        ari.stopPlayback(fx.playbackId).catch(() => false);
        return;
      case 'lookup': {
        let event: CallEvent;
        try {
          event = { type: 'lookupResult', info: await deps.customers.lookup(call.caller) };
        } catch (err) {
          call.log().warn({ err }, 'caller lookup failed; queue variables left alone');
          event = { type: 'lookupResult', info: null, failed: true };
        }
        feed(channelId, call, event);
        return;
      }
      case 'checkSchedule':
        feed(channelId, call, { type: 'scheduleResult', open: deps.schedules.isOpen(fx.scheduleId) });
        return;
      case 'transfer': {
        // the tree as it is now: an edit since the call began renumbers tK
        const extension = deps.ivrs.transferExtension(ivrId, fx.nodeId);
        if (extension === null) {
          call
            .log()
            .warn({ node: fx.nodeId }, 'transfer node changed during the call; releasing to the fallback');
          await stopAll(channelId);
          return ari.continueInDialplan(channelId);
        }
        log.debug({ call: channelId, ivr: ivrId, node: fx.nodeId, extension }, 'transfer');
        return ari.continueInDialplan(channelId, { context: ivrContext(ivrId), extension, priority: 1 });
      }
      case 'hangup':
        return ari.hangup(channelId, 'normal');
      case 'release':
        call.log().warn({ reason: fx.reason }, 'releasing the caller to the fallback');
        await stopAll(channelId);
        return ari.continueInDialplan(channelId);
      case 'armTimer':
      case 'cancelTimer':
        return;
    }
  };

  const start = (channelId: string, caller: string, args: string[], up: boolean) => {
    const rawId = args[1];
    const ivrId = /^[1-9][0-9]{0,9}$/.test(rawId ?? '') ? Number(rawId) : null;
    const ivr = ivrId === null ? undefined : deps.ivrs.find(ivrId);
    if (!ivr) {
      log.warn({ call: channelId, ivr: rawId }, 'no such IVR; releasing the caller to the fallback');
      void release(channelId, false);
      return;
    }
    const promptMs: Record<number, number> = {};
    for (const node of Object.values(ivr.tree.nodes)) {
      for (const p of promptsOf(node)) promptMs[p.id] = deps.prompts.durationMs(p.id) ?? 0;
    }
    const call: Call = {
      state: initialState({ channelId, ivrId: ivr.id, tree: ivr.tree, promptMs }),
      caller,
      timer: null,
      chain: Promise.resolve(),
      dead: false,
      answered: up,
      queued: 0,
      lastPath: 0,
      lastPlay: 0,
      superseded: new Set(),
      stepFrom: null,
      log: () => {
        const child = log.child({ call: channelId, ivr: ivr.id });
        call.log = () => child;
        return child;
      },
    };
    const old = calls.get(channelId);
    if (old) drop(channelId, old);
    calls.set(channelId, call);
    // A caller transferred here from another IVR carries that IVR's path on: it continues.
    const begin = (prior: string | null) => {
      if (prior)
        call.state = {
          ...call.state,
          path: prior.split('>').filter((p) => /^[A-Za-z0-9_!*#.-]+$/.test(p)),
        };
      feed(channelId, call, { type: 'start' });
    };
    if (args.length >= 3) {
      begin(args[2]!);
      return;
    }
    // Dialplan written before the path came as an argument: ask for it.
    // Digits pressed meanwhile wait as type-ahead (the machine is not started yet).
    call.chain = ari
      .getVariable(channelId, PATH_VARIABLE)
      .then(
        (prior) => prior,
        () => null,
      )
      .then(begin);
  };

  /** A digit that moved the caller on starts a step; the next prompt or the exit from the app ends it. */
  const stepStarted = (call: Call, at: number) => {
    if (call.stepFrom === null) return;
    stepLatency.record(Math.max(0, at - call.stepFrom));
    call.stepFrom = null;
  };

  const onEvent = (e: AriEvent) => {
    if (stopped) return;
    switch (e.type) {
      case 'StasisStart':
        if (e.args[0] === 'ivr')
          start(e.channel.id, e.channel.caller?.number ?? '', e.args, e.channel.state === 'Up');
        return;
      case 'ChannelDtmfReceived': {
        const call = calls.get(e.channel.id);
        if (!call) return;
        const before = call.queued;
        const node = call.state.node;
        feed(e.channel.id, call, { type: 'dtmf', digit: e.digit });
        // a step: the digit moved the caller to another node or replayed a prompt
        if (call.queued !== before && (call.state.node !== node || call.lastPlay > before))
          call.stepFrom = eventTime(e);
        return;
      }
      case 'PlaybackStarted': {
        const m = /^ivr-(.+)-[0-9]+$/.exec(e.playback.id);
        const call = m ? calls.get(m[1]!) : undefined;
        if (call) stepStarted(call, eventTime(e));
        return;
      }
      case 'PlaybackFinished': {
        const m = /^ivr-(.+)-[0-9]+$/.exec(e.playback.id);
        const call = m ? calls.get(m[1]!) : undefined;
        if (call) feed(m![1]!, call, { type: 'playbackFinished', playbackId: e.playback.id });
        return;
      }
      case 'StasisEnd':
      case 'ChannelDestroyed': {
        const call = calls.get(e.channel.id);
        if (call && e.type === 'StasisEnd') stepStarted(call, eventTime(e));
        if (call) {
          feed(e.channel.id, call, { type: 'gone' });
          drop(e.channel.id, call);
        }
        return;
      }
      default:
        return;
    }
  };

  /**
   * After a (re)connect: callers parked in the app that this process is not
   * driving were left by a process that died; release them now. Calls this
   * process drives that are no longer parked left while events were missed.
   */
  const reconcile = async () => {
    let parked: string[];
    try {
      parked = await ari.parkedChannelIds();
    } catch (err) {
      log.warn({ err }, 'could not list channels parked in the Stasis app');
      return;
    }
    const here = new Set(parked);
    for (const [id, call] of calls) if (!here.has(id)) drop(id, call);
    const orphans = parked.filter((id) => !calls.has(id));
    if (orphans.length === 0) return;
    log.warn(
      { count: orphans.length },
      'releasing callers left in the IVR by an earlier process to their fallback',
    );
    await Promise.all(orphans.map((id) => release(id)));
  };

  const offEvent = ari.onEvent(onEvent);
  const offState = ari.onState((state) => {
    if (state === 'connected' && !stopped) {
      reconcile().catch((err) => log.error({ err }, 'IVR reconcile failed'));
    }
  });

  return {
    /** Channels this process drives now. */
    active: () => [...calls.keys()],
    /** IVR step latency over the last `seconds`. */
    stepLatency: (seconds: number) => stepLatency.over(seconds),
    /** For tests and the reconnect path. */
    reconcile,
    /** Graceful stop: callers in the IVR go to their fallback now rather than after the restart. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (ownHistogram) stepLatency.stop();
      offEvent();
      offState();
      const live = [...calls.entries()];
      for (const [id, call] of live) drop(id, call);
      const releases = Promise.all(live.map(([id]) => release(id)));
      await Promise.race([releases, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
    },
  };
}
