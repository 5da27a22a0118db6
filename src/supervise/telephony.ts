import type { Ami } from '../asterisk/ami.js';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { seatOfChannel } from '../desk/tracker.js';
import { isAppError } from '../errors.js';
import { SPY_CONTEXT, type SpyMode } from './confgen.js';

/** Seconds the supervisor's phone rings before the box gives up. */
export const RING_MS = 30_000;
/** A channel name as Asterisk reports it: nothing that could end or split a dialplan argument. */
const SAFE_CHANNEL = /^[A-Za-z0-9/_.@:+-]{1,128}$/;
const SEAT = /^[0-9]{2,8}$/;

/** The agent's channel on a call, as CoreShowChannels reports it. */
export interface AgentCall {
  channel: string;
  callId: string;
}

/**
 * The AMI side of supervision (Asterisk 22 manager): which channel an agent
 * talks on, whether a seat's phone is registered, and calling the
 * supervisor's phone into `[hotline-spy]`. Every value sent is a validated
 * extension, a constant, or a channel name Asterisk itself reported.
 */
export interface SpyTelephony {
  agentCall(seat: string): Promise<AgentCall | null>;
  /** Whether the seat's endpoint has a contact that is not Unreachable. */
  registered(seat: string): Promise<boolean>;
  /** The supervisor's phone rings, showing the agent's extension; answered, it spies on `target`. */
  originate(o: { seat: string; target: string; mode: SpyMode; spyId: string; agent: string }): Promise<void>;
  /** Hangs up the spy channel; false when it is already gone. */
  hangup(spy: string): Promise<boolean>;
  /** Uniqueids of every channel up now. */
  channelIds(): Promise<Set<string>>;
}

export function createSpyTelephony(ami: Ami): SpyTelephony {
  return {
    async agentCall(seat) {
      const channels = await ami.list('CoreShowChannels');
      // the seat's own leg of a bridged call (a spy or an application leg is not in a bridge)
      const mine = channels.find(
        (c) =>
          seatOfChannel(c.Channel ?? '') === seat && c.ChannelStateDesc === 'Up' && (c.BridgeId ?? '') !== '',
      );
      if (!mine) return null;
      return {
        channel: assertConfigValue(mine.Channel ?? '', SAFE_CHANNEL),
        callId: mine.Linkedid ?? mine.Uniqueid ?? '',
      };
    },

    async registered(seat) {
      const items = await ami.list('PJSIPShowEndpoint', { Endpoint: assertConfigValue(seat, SEAT) });
      return items.some(
        (i) =>
          i.Event === 'ContactStatusDetail' && (i.Status ?? '') !== 'Unreachable' && (i.Status ?? '') !== '',
      );
    },

    async originate({ seat, target, mode, spyId, agent }) {
      await ami.action('Originate', {
        Channel: `PJSIP/${assertConfigValue(seat, SEAT)}`,
        Context: SPY_CONTEXT,
        Exten: mode,
        Priority: '1',
        // the phone shows whom it is about to listen to
        CallerID: `"${mode} ${assertConfigValue(agent, SEAT)}" <${assertConfigValue(agent, SEAT)}>`,
        Variable: `HOTLINE_SPY_TARGET=${assertConfigValue(target, SAFE_CHANNEL)}`,
        ChannelId: assertConfigValue(spyId, SPY_ID),
        Timeout: String(RING_MS),
        Async: 'true',
      });
    },

    async hangup(spy) {
      try {
        // Hangup finds a channel by its name or its uniqueid
        await ami.action('Hangup', { Channel: spy, Cause: '16' });
        return true;
      } catch (err) {
        if (isAppError(err, 'not_found')) return false;
        throw err;
      }
    },

    async channelIds() {
      const channels = await ami.list('CoreShowChannels');
      return new Set(channels.map((c) => c.Uniqueid ?? ''));
    },
  };
}

/** `hotline-spy-<hex>`: a spy channel's uniqueid, chosen by hotlined so that its events can be followed. */
export const SPY_ID = /^hotline-spy-[0-9a-f]{16}$/;
