/**
 * The ARI models and events we use, typed after Asterisk 22's
 * rest-api/api-docs/{channels,events}.json. Only these events reach onEvent();
 * to use another one, add its interface here and its name to the union.
 */

export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriDialplanLocation {
  context: string;
  exten: string;
  priority: number;
  app_name?: string;
  app_data?: string;
}

export interface AriChannel {
  id: string;
  name: string;
  /** Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy, Dialing Offhook, Pre-ring, Unknown */
  state: string;
  caller: AriCallerId;
  connected: AriCallerId;
  accountcode: string;
  dialplan: AriDialplanLocation;
  creationtime: string;
  language: string;
  protocol_id?: string;
  channelvars?: Record<string, string>;
}

export interface AriPlayback {
  id: string;
  media_uri: string;
  target_uri: string;
  /** queued, playing, continuing, done, failed */
  state: string;
  language?: string;
  next_media_uri?: string;
}

interface AriEventBase {
  application: string;
  timestamp?: string;
  asterisk_id?: string;
}

export interface StasisStartEvent extends AriEventBase {
  type: 'StasisStart';
  /** The comma-separated arguments of Stasis(hotline,...) in dialplan. */
  args: string[];
  channel: AriChannel;
  replace_channel?: AriChannel;
}

export interface StasisEndEvent extends AriEventBase {
  type: 'StasisEnd';
  channel: AriChannel;
}

export interface ChannelDtmfReceivedEvent extends AriEventBase {
  type: 'ChannelDtmfReceived';
  /** 0-9, A-D, # or * (sent when the digit ends). */
  digit: string;
  duration_ms: number;
  channel: AriChannel;
}

export interface ChannelHangupRequestEvent extends AriEventBase {
  type: 'ChannelHangupRequest';
  cause?: number;
  soft?: boolean;
  channel: AriChannel;
}

export interface ChannelDestroyedEvent extends AriEventBase {
  type: 'ChannelDestroyed';
  cause: number;
  cause_txt: string;
  channel: AriChannel;
}

export interface ChannelStateChangeEvent extends AriEventBase {
  type: 'ChannelStateChange';
  channel: AriChannel;
}

export interface PlaybackFinishedEvent extends AriEventBase {
  type: 'PlaybackFinished';
  playback: AriPlayback;
}

export interface PlaybackStartedEvent extends AriEventBase {
  type: 'PlaybackStarted';
  playback: AriPlayback;
}

export type AriEvent =
  | StasisStartEvent
  | StasisEndEvent
  | ChannelDtmfReceivedEvent
  | ChannelHangupRequestEvent
  | ChannelDestroyedEvent
  | ChannelStateChangeEvent
  | PlaybackFinishedEvent
  | PlaybackStartedEvent;

export type AriEventType = AriEvent['type'];
export type AriEventOf<T extends AriEventType> = Extract<AriEvent, { type: T }>;

/** Which object each event must carry, checked before it reaches a listener. */
const REQUIRED: Record<AriEventType, 'channel' | 'playback'> = {
  StasisStart: 'channel',
  StasisEnd: 'channel',
  ChannelDtmfReceived: 'channel',
  ChannelHangupRequest: 'channel',
  ChannelDestroyed: 'channel',
  ChannelStateChange: 'channel',
  PlaybackFinished: 'playback',
  PlaybackStarted: 'playback',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasId(v: unknown): boolean {
  return isRecord(v) && typeof v.id === 'string' && v.id !== '';
}

const LEADING_TYPE = /^\{\s*"type"\s*:\s*"([A-Za-z]+)"/;

/** When Asterisk raised the event (its `timestamp`, e.g. 2025-01-15T10:20:30.123+0800), else now. */
export function eventTime(e: { timestamp?: string }): number {
  return parseAriDate(e.timestamp) ?? Date.now();
}

/** ARI dates look like 2025-01-15T10:20:30.123+0800: epoch ms, or null. */
export function parseAriDate(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

export type AriFrame =
  | { kind: 'event'; event: AriEvent }
  /** Another websocket registered our app name; this one gets no more events. */
  | { kind: 'replaced' }
  | { kind: 'ignored'; why: string };

/**
 * One websocket text frame → a typed event, or 'ignored' for frames we do not
 * use or cannot trust (bad JSON, unused type, missing channel/playback id).
 * Never throws: a bad frame must not take the daemon down.
 */
export function parseAriFrame(text: string): AriFrame {
  // Asterisk writes the type first: frames we do not use (ChannelVarset for
  // every variable set, ChannelDialplan, ...) are dropped without parsing.
  const head = LEADING_TYPE.exec(text);
  if (head && !Object.hasOwn(REQUIRED, head[1]!) && head[1] !== 'ApplicationReplaced')
    return { kind: 'ignored', why: `unused type ${head[1]}` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'ignored', why: 'invalid JSON' };
  }
  if (!isRecord(raw) || typeof raw.type !== 'string') return { kind: 'ignored', why: 'no type' };
  const type = raw.type;
  if (type === 'ApplicationReplaced') return { kind: 'replaced' };
  if (!Object.hasOwn(REQUIRED, type)) return { kind: 'ignored', why: `unused type ${type}` };
  const needs = REQUIRED[type as AriEventType];
  if (!hasId(raw[needs])) return { kind: 'ignored', why: `${type} without ${needs}.id` };
  if (typeof raw.application !== 'string') raw.application = '';
  if (type === 'StasisStart') {
    raw.args = Array.isArray(raw.args) ? raw.args.filter((a): a is string => typeof a === 'string') : [];
  }
  return { kind: 'event', event: raw as unknown as AriEvent };
}
