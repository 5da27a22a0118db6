import type { AmiMessage } from '../asterisk/ami.js';
import { type AlarmReading, alarmFromText, alarmsFromShort } from './alarms.js';

/**
 * Items of chan_dahdi's AMI list actions (DAHDIShowStatus, PRIShowSpans,
 * DAHDIShowChannels), as the
 * AMI adapter's list() returns them: collected by ActionID, without the
 * `...Complete` event. Items of another event type (a stray event with our
 * ActionID) and items without their key field are skipped.
 */

export interface SpanStatus {
  span: number;
  description: string;
  alarms: AlarmReading;
  /** Cumulative counters; null where the driver reports -1 (not supported) or nothing readable. */
  counters: { irqMisses: number | null; bpv: number | null; crc4: number | null };
  framing: string;
  coding: string;
  crc4: boolean;
  /** `Options: YEL`: send yellow while Asterisk has no channel open. */
  yellowFlag: boolean;
  lbo: string;
}

export interface DChannelStatus {
  span: number;
  /** Global DAHDI channel number of the D-channel. */
  dchannel: number;
  order: string;
  active: boolean;
  /** The D-channel itself in alarm (layer 1). */
  inAlarm: boolean;
  /** Layer 2 up: the only structured view of it (no AMI event exists for D-channel changes). */
  up: boolean;
}

export interface ChannelStatus {
  channel: number;
  span: number | null;
  signalling: string;
  context: string;
  alarm: AlarmReading;
  description: string;
  /** An Asterisk channel is using it: a call that a `dahdi restart` would drop. */
  inCall: boolean;
  asteriskChannel: string | null;
}

const count = (s: string | undefined): number | null =>
  s !== undefined && /^\s*[0-9]{1,12}\s*$/.test(s) ? Number(s) : null;
const yes = (s: string | undefined) => (s ?? '').trim().toLowerCase() === 'yes';
const pos = (s: string | undefined): number | null => {
  const n = count(s);
  return n !== null && n > 0 ? n : null;
};

/** Each item of `event` read by `read`; an item it cannot use (null) is skipped. */
function itemsOf<T>(items: readonly AmiMessage[], event: string, read: (e: AmiMessage) => T | null): T[] {
  const out: T[] = [];
  for (const e of items) {
    if (e.Event !== event) continue;
    const v = read(e);
    if (v !== null) out.push(v);
  }
  return out;
}

export const parseShowStatus = (items: readonly AmiMessage[]): SpanStatus[] =>
  itemsOf(items, 'DAHDIShowStatus', (e) => {
    const span = pos(e.Span);
    if (span === null) return null;
    const options = (e.Options ?? '').toUpperCase().split('/');
    return {
      span,
      description: e.Description ?? '',
      alarms: alarmsFromShort(e.Alarms ?? ''),
      counters: { irqMisses: count(e.IRQ), bpv: count(e.bpviol), crc4: count(e.CRC) },
      framing: e.Framing ?? '',
      coding: e.Coding ?? '',
      crc4: options.includes('CRC4'),
      yellowFlag: options.includes('YEL'),
      lbo: e.LBO ?? '',
    };
  });

export const parsePriShowSpans = (items: readonly AmiMessage[]): DChannelStatus[] =>
  itemsOf(items, 'PRIShowSpans', (e) => {
    const span = pos(e.Span);
    const dchannel = pos(e.DChannel);
    if (span === null || dchannel === null) return null;
    return {
      span,
      dchannel,
      order: e.Order ?? '',
      active: yes(e.Active),
      inAlarm: yes(e.Alarm),
      up: yes(e.Up),
    };
  });

export const parseShowChannels = (items: readonly AmiMessage[]): ChannelStatus[] =>
  itemsOf(items, 'DAHDIShowChannels', (e) => {
    // `pseudo` and `no-media (N)` are not line channels
    const channel = pos(e.DAHDIChannel);
    if (channel === null) return null;
    const chan = (e.Channel ?? '').trim();
    return {
      channel,
      span: pos(e.Span),
      signalling: e.Signalling ?? '',
      context: e.Context ?? '',
      alarm: alarmFromText(e.Alarm ?? ''),
      description: e.Description ?? '',
      inCall: chan !== '',
      asteriskChannel: chan === '' ? null : chan,
    };
  });

/**
 * chan_dahdi without /dev/dahdi answers DAHDIShowStatus with "No DAHDI
 * detected"; without chan_dahdi loaded at all the action is unknown. Both
 * mean "no DAHDI here", which is normal on a box without a card: no warning.
 */
export const NO_DAHDI = /no dahdi detected|invalid\/unknown command/i;
