import type { Ami } from '../asterisk/ami.js';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { queueContext } from '../destinations/compile.js';
import { AppError, validation } from '../errors.js';
import { SEATS_CONTEXT, SEATS_DIALPLAN_CONTEXT } from '../seats/confgen.js';
import type { TransferTarget } from './schema.js';
import { seatOfChannel } from './tracker.js';

/** Base dialplan (extensions.conf): ConfBridge room `desk-<EXTEN>` for a call's three parties. */
export const CONFERENCE_CONTEXT = 'hotline-desk-conference';
/** Seconds the agent's phone rings for a click-to-call or the expert's for a conference. */
const ORIGINATE_TIMEOUT_MS = 30_000;

const SAFE_CHANNEL = /^[A-Za-z0-9/_.@;:+-]{1,128}$/;
const DIGITS = /^\+?[0-9]{2,20}$/;

/** The agent's channel on a call and the channel it is bridged with. */
export interface SeatCall {
  mine: { channel: string; uniqueid: string; linkedid: string };
  peer: { channel: string; uniqueid: string } | null;
}

export interface DeskTelephony {
  /** The seat's phone rings; answered, it dials `number` in the seats' own context (class and deny list apply). */
  dial(seat: string, number: string): Promise<void>;
  currentCall(seat: string): Promise<SeatCall>;
  transfer(seat: string, mode: 'blind' | 'attended', target: ResolvedTarget): Promise<SeatCall>;
  /** Ends an attended transfer the agent started without completing it. */
  cancelTransfer(seat: string): Promise<void>;
  /** Hangs up the agent's own channel (also completes an attended transfer). */
  hangup(seat: string): Promise<void>;
  /** Caller and agent into a ConfBridge room, the expert's seat called into it. */
  conference(seat: string, expert: string): Promise<{ room: string; call: SeatCall }>;
}

/** A transfer target turned into dialplan: where a blind transfer sends the caller, what Atxfer dials. */
export interface ResolvedTarget {
  target: TransferTarget;
  /** For a queue: its number (seats dial it), or null when it has none (blind transfer only). */
  queueNumber?: string | null;
}

/**
 * The desk's AMI actions (Asterisk 22 manager): Originate for click-to-call
 * and the conference expert, BlindTransfer and Atxfer for transfers,
 * Redirect into ConfBridge for the conference. Every value sent is a
 * validated number, extension, constant context or a channel name Asterisk
 * itself reported.
 */
export function createDeskTelephony(ami: Ami): DeskTelephony {
  const checkedChannel = (c: string) => assertConfigValue(c, SAFE_CHANNEL);
  const seatChannel = (ext: string) => `PJSIP/${assertConfigValue(ext, /^[0-9]{2,8}$/)}`;

  const currentCall = async (seat: string): Promise<SeatCall> => {
    const channels = await ami.list('CoreShowChannels');
    const mine = channels.find(
      (c) =>
        seatOfChannel(c.Channel ?? '') === seat && c.ChannelStateDesc === 'Up' && (c.BridgeId ?? '') !== '',
    );
    if (!mine) throw new AppError('conflict', `seat ${seat} is not on a call`);
    const peer = channels.find((c) => c.BridgeId === mine.BridgeId && c.Uniqueid !== mine.Uniqueid);
    return {
      mine: {
        channel: checkedChannel(mine.Channel ?? ''),
        uniqueid: mine.Uniqueid ?? '',
        linkedid: mine.Linkedid ?? mine.Uniqueid ?? '',
      },
      peer: peer ? { channel: checkedChannel(peer.Channel ?? ''), uniqueid: peer.Uniqueid ?? '' } : null,
    };
  };

  /**
   * The seat's call class rank (HOTLINE_CLASS, set on its channels by the
   * endpoint), copied to the channel that will run the transfer's dialplan,
   * so an outside number is allowed exactly as if the agent dialled it.
   */
  const carryClass = async (from: string, to: string, inherit: boolean) => {
    const r = await ami.action('Getvar', { Channel: from, Variable: 'HOTLINE_CLASS' });
    const rank = /^[0-9]$/.test(r.Value ?? '') ? (r.Value as string) : '0';
    await ami.action('Setvar', { Channel: to, Variable: `${inherit ? '__' : ''}HOTLINE_CLASS`, Value: rank });
  };

  return {
    async dial(seat, number) {
      if (!DIGITS.test(number)) throw validation('number', 'number must be 2 to 20 digits');
      await ami.action('Originate', {
        Channel: seatChannel(seat),
        Context: SEATS_CONTEXT,
        Exten: number,
        Priority: '1',
        // the phone shows whom it is about to call; the call itself carries the seat's number
        CallerID: `"${number}" <${seat}>`,
        Timeout: String(ORIGINATE_TIMEOUT_MS),
        Async: 'true',
      });
    },

    currentCall,

    async transfer(seat, mode, resolved) {
      const call = await currentCall(seat);
      const { target } = resolved;
      if (mode === 'blind') {
        if (!call.peer) throw new AppError('conflict', 'nobody to transfer on this call');
        let context: string;
        let exten: string;
        if (target.type === 'seat') [context, exten] = [SEATS_DIALPLAN_CONTEXT, target.extension];
        else if (target.type === 'queue') [context, exten] = [queueContext(target.queueId), 's'];
        else {
          // the caller's channel runs the number: it gets the agent's class first
          await carryClass(call.mine.channel, call.peer.channel, false);
          [context, exten] = [SEATS_CONTEXT, target.number];
        }
        await ami.action('BlindTransfer', { Channel: call.mine.channel, Context: context, Exten: exten });
        return call;
      }
      // Atxfer queues the atxfer feature code and the digits on the agent's channel (features.conf
      // featuremap; Queue/Dial option t gives the agent's channel that feature): the caller holds,
      // the agent's channel dials the target.
      let context: string;
      let exten: string;
      if (target.type === 'seat') [context, exten] = [SEATS_DIALPLAN_CONTEXT, target.extension];
      else if (target.type === 'queue') {
        if (!resolved.queueNumber)
          throw validation(
            'target.queueId',
            'an attended transfer to a queue needs the queue to have a number',
          );
        [context, exten] = [SEATS_CONTEXT, resolved.queueNumber];
      } else [context, exten] = [SEATS_CONTEXT, target.number];
      // The feature collects digits while more could match (ast_app_dtget): an outbound pattern
      // such as _0[1-9]X. always could, so without an end mark Asterisk waits out
      // transferdigittimeout (3 s) before it dials. `#` ends the number.
      if (context === SEATS_CONTEXT) exten = `${exten}#`;
      // the consultation call is a Local channel that inherits only __ variables
      await carryClass(call.mine.channel, call.mine.channel, true);
      await ami.action('Atxfer', { Channel: call.mine.channel, Context: context, Exten: exten });
      return call;
    },

    async cancelTransfer(seat) {
      const channels = await ami.list('CoreShowChannels');
      const mine = channels.find((c) => seatOfChannel(c.Channel ?? '') === seat);
      if (!mine) throw new AppError('conflict', `seat ${seat} is not on a call`);
      await ami.action('CancelAtxfer', { Channel: checkedChannel(mine.Channel ?? '') });
    },

    async hangup(seat) {
      const channels = await ami.list('CoreShowChannels');
      const mine = channels.filter((c) => seatOfChannel(c.Channel ?? '') === seat);
      if (mine.length === 0) throw new AppError('conflict', `seat ${seat} is not on a call`);
      for (const c of mine)
        await ami.action('Hangup', { Channel: checkedChannel(c.Channel ?? ''), Cause: '16' });
    },

    async conference(seat, expert) {
      const call = await currentCall(seat);
      if (!call.peer) throw new AppError('conflict', 'nobody else on this call');
      // one room per call: its linkedid's digits
      const room = call.mine.linkedid.replace(/[^0-9]/g, '');
      if (!/^[0-9]{2,32}$/.test(room)) throw new AppError('conflict', 'this call has no usable id');
      await ami.action('Redirect', {
        Channel: call.peer.channel,
        Context: CONFERENCE_CONTEXT,
        Exten: room,
        Priority: '1',
        ExtraChannel: call.mine.channel,
        ExtraContext: CONFERENCE_CONTEXT,
        ExtraExten: room,
        ExtraPriority: '1',
      });
      await ami.action('Originate', {
        Channel: seatChannel(expert),
        Context: CONFERENCE_CONTEXT,
        Exten: room,
        Priority: '1',
        CallerID: `"conference" <${seat}>`,
        Timeout: String(ORIGINATE_TIMEOUT_MS),
        Async: 'true',
      });
      return { room, call };
    },
  };
}
