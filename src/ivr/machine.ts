import type { IvrNode, IvrTree, NodeOf } from './schema.js';

/**
 * One caller walking an IVR tree, as a pure state machine:
 * `next(state, event) → { state, effects }`. No Asterisk here: runner.ts
 * turns effects into ARI requests and ARI events (and lookups, timers) into
 * events. Tested without Asterisk (test/unit/ivr-machine.test.ts).
 *
 * Prompts of play, menu and collect nodes are interruptible: a digit stops
 * the playback. A digit pressed during a play node (or while a lookup or
 * schedule check is under way) is kept as type-ahead for the next menu or
 * collect node, so callers who know the menu need not wait for it.
 */

/** Node entries per call before the caller is released to the fallback (a silent line looping a menu). */
export const MAX_STEPS = 100;
/** CDR(ivrpath) is kept under this length; older segments give way to `..`. */
export const MAX_PATH = 250;
/** Playback ids rotate over this many per channel (see playbackIdOf). */
export const PLAYBACK_SLOTS = 4;
/** Extra time a prompt may take beyond its length before the runner stops waiting for PlaybackFinished. */
export const PLAYBACK_SLACK_MS = 3000;

export interface CallerInfo {
  id: number | null;
  name: string;
  vip: number;
  boundAgent: string | null;
}

export type Phase =
  /** A prompt of the current node is playing. */
  | 'prompt'
  /** Waiting for digits (menu or collect) after the prompt. */
  | 'input'
  /** A lookup or schedule check is under way. */
  | 'waiting'
  /** The caller left the tree (transfer, hang-up, release) or hung up. */
  | 'done';

export interface CallState {
  channelId: string;
  ivrId: number;
  tree: IvrTree;
  /** Prompt lengths in ms, for the playback watchdog. */
  promptMs: Record<number, number>;
  node: string;
  phase: Phase;
  /** Current playback id while phase is 'prompt'. */
  playbackId: string | null;
  /** Failed attempts (timeouts, invalid keys, too few digits) at the current menu or collect node. */
  tries: number;
  /** Digits collected by the current collect node. */
  digits: string;
  /** Digits pressed before a menu or collect node was ready for them. */
  typeahead: string;
  path: string[];
  steps: number;
  /** Counter for playback ids and timer tokens. */
  seq: number;
  /** Token of the armed timer, or null. */
  timer: number | null;
}

export type CallEvent =
  | { type: 'start' }
  | { type: 'dtmf'; digit: string }
  | { type: 'playbackFinished'; playbackId: string }
  | { type: 'timer'; token: number }
  /** info null: no customer record; failed: the lookup itself failed (variables are left alone). */
  | { type: 'lookupResult'; info: CallerInfo | null; failed?: boolean }
  | { type: 'scheduleResult'; open: boolean }
  /** The channel hung up or left the app. */
  | { type: 'gone' };

export type Effect =
  | { kind: 'answer' }
  | { kind: 'setVar'; name: string; value: string }
  | { kind: 'play'; promptIds: number[]; playbackId: string }
  | { kind: 'stopPlayback'; playbackId: string }
  | { kind: 'armTimer'; token: number; ms: number }
  | { kind: 'cancelTimer' }
  | { kind: 'lookup' }
  | { kind: 'checkSchedule'; scheduleId: number }
  /** continueInDialplan to the transfer node's `tK` extension. */
  | { kind: 'transfer'; nodeId: string }
  | { kind: 'hangup' }
  /** continueInDialplan at the next priority: the IVR's fallback, then the route's. */
  | { kind: 'release'; reason: string };

export const PATH_VARIABLE = 'CDR(ivrpath)';

/**
 * Playback ids are deterministic, `ivr-<channel>-<0..3>`, rotating: a new
 * hotlined that finds the caller parked after a crash can stop whatever is
 * playing without knowing the old process's counters (a continue waits for
 * the current playback to end). A new prompt starts only after the one
 * before was stopped or finished, so four slots never collide.
 */
export const playbackIdOf = (channelId: string, slot: number) => `ivr-${channelId}-${slot % PLAYBACK_SLOTS}`;

export function initialState(init: {
  channelId: string;
  ivrId: number;
  tree: IvrTree;
  promptMs?: Record<number, number>;
}): CallState {
  return {
    ...init,
    promptMs: init.promptMs ?? {},
    node: init.tree.start,
    phase: 'waiting',
    playbackId: null,
    tries: 0,
    digits: '',
    typeahead: '',
    path: [],
    steps: 0,
    seq: 0,
    timer: null,
  };
}

/** The path as written to CDR(ivrpath): `main>2>sales`, at most MAX_PATH characters. */
export function renderPath(path: string[]): string {
  const full = path.join('>');
  if (full.length <= MAX_PATH) return full;
  const kept: string[] = [];
  let len = 2;
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i]!;
    if (len + 1 + seg.length > MAX_PATH) break;
    kept.unshift(seg);
    len += 1 + seg.length;
  }
  return ['..', ...kept].join('>');
}

/** A customer name as a channel variable: letters, digits, spaces and . _ - only, 32 at most. */
export function safeVarText(s: string): string {
  return s
    .replace(/[^\p{L}\p{N} ._-]/gu, '')
    .trim()
    .slice(0, 32);
}

export function next(prev: CallState, event: CallEvent): { state: CallState; effects: Effect[] } {
  const s: CallState = { ...prev, path: [...prev.path] };
  const fx: Effect[] = [];
  if (s.phase === 'done') return { state: s, effects: fx };
  step(s, fx, event);
  return { state: s, effects: fx };
}

function step(s: CallState, fx: Effect[], e: CallEvent): void {
  const node = s.tree.nodes[s.node];
  switch (e.type) {
    case 'start':
      fx.push({ kind: 'answer' });
      enter(s, fx, s.tree.start);
      return;
    case 'gone':
      if (s.timer !== null) fx.push({ kind: 'cancelTimer' });
      s.timer = null;
      s.phase = 'done';
      return;
    case 'dtmf':
      if (!/^[0-9*#A-D]$/.test(e.digit)) return;
      onDigit(s, fx, node!, e.digit);
      return;
    case 'playbackFinished':
      if (s.phase !== 'prompt' || e.playbackId !== s.playbackId) return; // stale or stopped
      cancelTimer(s, fx);
      promptDone(s, fx, node!);
      return;
    case 'timer':
      if (e.token !== s.timer) return; // cancelled meanwhile
      s.timer = null;
      if (s.phase === 'prompt') {
        // PlaybackFinished never came (an event lost in an ARI reconnect): carry on
        fx.push({ kind: 'stopPlayback', playbackId: s.playbackId! });
        promptDone(s, fx, node!);
      } else if (s.phase === 'input' && node?.type === 'menu') {
        menuFailed(s, fx, node, 'timeout');
      } else if (s.phase === 'input' && node?.type === 'collect') {
        finishCollect(s, fx, node);
      }
      return;
    case 'lookupResult':
      if (s.phase !== 'waiting' || node?.type !== 'lookup') return;
      if (!e.failed) {
        const info = e.info;
        const vip = info && Number.isInteger(info.vip) && info.vip >= 0 && info.vip <= 9 ? info.vip : 0;
        const agent = info?.boundAgent && /^[0-9]{2,8}$/.test(info.boundAgent) ? info.boundAgent : '';
        fx.push(
          { kind: 'setVar', name: 'HOTLINE_VIP', value: String(vip) },
          { kind: 'setVar', name: 'HOTLINE_BOUND_AGENT', value: agent },
          { kind: 'setVar', name: 'HOTLINE_CUSTOMER', value: safeVarText(info?.name ?? '') },
          { kind: 'setVar', name: 'HOTLINE_CUSTOMER_ID', value: info?.id ? String(info.id) : '' },
        );
      }
      enter(s, fx, node.next);
      return;
    case 'scheduleResult':
      if (s.phase !== 'waiting' || node?.type !== 'schedule') return;
      enter(s, fx, e.open ? node.open : node.closed);
      return;
  }
}

function enter(s: CallState, fx: Effect[], id: string): void {
  const node = s.tree.nodes[id];
  s.steps++;
  if (!node || s.steps > MAX_STEPS) {
    s.phase = 'done';
    fx.push({ kind: 'release', reason: node ? 'too many steps' : `no node ${id}` });
    return;
  }
  s.node = id;
  s.tries = 0;
  s.digits = '';
  s.path.push(id);
  fx.push({ kind: 'setVar', name: PATH_VARIABLE, value: renderPath(s.path) });
  switch (node.type) {
    case 'play':
      // a caller already typing ahead skips it, as a digit would have interrupted it
      if (s.typeahead) enter(s, fx, node.next);
      else startPrompt(s, fx, [node.promptId]);
      return;
    case 'menu': {
      const ahead = takeTypeahead(s);
      if (ahead) menuDigit(s, fx, node, ahead);
      else startPrompt(s, fx, [node.promptId]);
      return;
    }
    case 'collect': {
      // digits typed ahead count; once the caller has started, the prompt is not played
      const typed = s.typeahead.length > 0;
      for (let d = takeTypeahead(s); d; d = takeTypeahead(s)) {
        if (collectDigit(s, fx, node, d)) return;
      }
      if (!typed) startPrompt(s, fx, [node.promptId]);
      return;
    }
    case 'lookup':
      s.phase = 'waiting';
      fx.push({ kind: 'lookup' });
      return;
    case 'schedule':
      s.phase = 'waiting';
      fx.push({ kind: 'checkSchedule', scheduleId: node.scheduleId });
      return;
    case 'set':
      fx.push({ kind: 'setVar', name: node.variable, value: node.value });
      enter(s, fx, node.next);
      return;
    case 'transfer':
      s.phase = 'done';
      fx.push({ kind: 'transfer', nodeId: id });
      return;
    case 'hangup':
      s.phase = 'done';
      fx.push({ kind: 'hangup' });
      return;
  }
}

function takeTypeahead(s: CallState): string | undefined {
  const d = s.typeahead[0];
  s.typeahead = s.typeahead.slice(1);
  return d;
}

function startPrompt(s: CallState, fx: Effect[], promptIds: number[]): void {
  cancelTimer(s, fx);
  const playbackId = playbackIdOf(s.channelId, s.seq++);
  s.phase = 'prompt';
  s.playbackId = playbackId;
  fx.push({ kind: 'play', promptIds, playbackId });
  const ms = promptIds.reduce((sum, id) => sum + (s.promptMs[id] ?? 0), PLAYBACK_SLACK_MS);
  armTimer(s, fx, ms);
}

function stopPrompt(s: CallState, fx: Effect[]): void {
  if (s.phase === 'prompt' && s.playbackId) fx.push({ kind: 'stopPlayback', playbackId: s.playbackId });
  s.playbackId = null;
  cancelTimer(s, fx);
}

function armTimer(s: CallState, fx: Effect[], ms: number): void {
  const token = s.seq++;
  s.timer = token;
  fx.push({ kind: 'armTimer', token, ms });
}

function cancelTimer(s: CallState, fx: Effect[]): void {
  if (s.timer === null) return;
  s.timer = null;
  fx.push({ kind: 'cancelTimer' });
}

function waitForInput(s: CallState, fx: Effect[], seconds: number): void {
  s.phase = 'input';
  s.playbackId = null;
  armTimer(s, fx, seconds * 1000);
}

/** The prompt of the current node ended (or was given up on). */
function promptDone(s: CallState, fx: Effect[], node: IvrNode): void {
  s.playbackId = null;
  if (node.type === 'play') enter(s, fx, node.next);
  else if (node.type === 'menu' || node.type === 'collect') waitForInput(s, fx, node.timeoutSeconds);
}

function onDigit(s: CallState, fx: Effect[], node: IvrNode, digit: string): void {
  if (s.phase === 'waiting') {
    if (s.typeahead.length < 20) s.typeahead += digit;
    return;
  }
  if (node.type === 'play') {
    stopPrompt(s, fx);
    s.typeahead = (s.typeahead + digit).slice(-20);
    enter(s, fx, node.next);
  } else if (node.type === 'menu') {
    stopPrompt(s, fx);
    menuDigit(s, fx, node, digit);
  } else if (node.type === 'collect') {
    stopPrompt(s, fx);
    collectDigit(s, fx, node, digit);
  }
}

function menuDigit(s: CallState, fx: Effect[], node: NodeOf<'menu'>, digit: string): void {
  const target = Object.hasOwn(node.options, digit) ? node.options[digit] : undefined;
  if (target === undefined) {
    menuFailed(s, fx, node, 'invalid');
    return;
  }
  s.path.push(digit);
  enter(s, fx, target);
}

/** A timeout or a key with no option: re-prompt, or leave after `retries` re-prompts. */
function menuFailed(s: CallState, fx: Effect[], node: NodeOf<'menu'>, why: 'timeout' | 'invalid'): void {
  s.typeahead = '';
  s.tries++;
  if (s.tries > node.retries) {
    s.path.push(`!${why}`);
    enter(s, fx, why === 'timeout' ? node.onTimeout : node.onInvalid);
    return;
  }
  const prompts =
    why === 'invalid' && node.invalidPromptId !== null
      ? [node.invalidPromptId, node.promptId]
      : [node.promptId];
  startPrompt(s, fx, prompts);
}

/** true when the node is finished (the caller moved on). */
function collectDigit(s: CallState, fx: Effect[], node: NodeOf<'collect'>, digit: string): boolean {
  if (node.terminator !== null && digit === node.terminator) {
    finishCollect(s, fx, node);
    return true;
  }
  s.digits += digit;
  if (s.digits.length >= node.maxDigits) {
    finishCollect(s, fx, node);
    return true;
  }
  waitForInput(s, fx, node.timeoutSeconds);
  return false;
}

function finishCollect(s: CallState, fx: Effect[], node: NodeOf<'collect'>): void {
  cancelTimer(s, fx);
  s.typeahead = '';
  if (s.digits.length >= node.minDigits) {
    fx.push({ kind: 'setVar', name: node.variable, value: s.digits });
    enter(s, fx, node.next);
    return;
  }
  s.tries++;
  s.digits = '';
  if (s.tries > node.retries) {
    fx.push({ kind: 'setVar', name: node.variable, value: '' });
    enter(s, fx, node.next);
    return;
  }
  startPrompt(s, fx, [node.promptId]);
}
