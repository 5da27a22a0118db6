import { randomBytes } from 'node:crypto';
import type { Ami } from '../asterisk/ami.js';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { originateOutside } from '../outbound/originate.js';
import { queueSection } from '../queues/schema.js';
import { CALLBACK_CONFIRM_CONTEXT, CALLBACK_OUT_CONTEXT } from './confgen.js';
import type { QueueNow } from './machine.js';
import { DIGITS } from './schema.js';

/** How long the customer's phone rings before the attempt counts as not answered. */
export const RING_MS = 30_000;
const CHANNEL_ID = /^cb-[0-9]{1,12}-[0-9]{1,2}-[0-9a-f]{6}$/;

/** The customer leg's uniqueid for one attempt: chosen (and stored) before the call is placed. */
export const callbackChannelId = (callbackId: number, attempt: number) =>
  `cb-${callbackId}-${attempt}-${randomBytes(3).toString('hex')}`;

/**
 * The callbacks' AMI side, the one place a callback is dialled (through
 * the box's one originate): a Local channel whose ;2 leg runs the outbound routes (trunk choice and failover,
 * deny list, spend guard) and whose ;1 leg, once the customer answers, runs
 * the confirmation and the queue. Every value sent is a checked number, id
 * or constant.
 */
export interface CallbackTelephony {
  /** Places the call; resolves with the ActionID its OriginateResponse will carry. */
  originate(o: { callbackId: number; channelId: string; queueId: number; number: string }): Promise<string>;
  /** Free agents and the longest waiting caller of a queue (AMI QueueStatus). */
  queueNow(queueId: number, now: number): Promise<QueueNow>;
  /** Uniqueids of every channel up now. */
  channelIds(): Promise<Set<string>>;
}

export function createCallbackTelephony(ami: Ami): CallbackTelephony {
  return {
    originate({ callbackId, channelId, queueId, number }) {
      const n = assertConfigValue(number, DIGITS);
      return originateOutside(ami, {
        number: n,
        via: CALLBACK_OUT_CONTEXT,
        context: CALLBACK_CONFIRM_CONTEXT,
        exten: assertConfigValue(String(queueId), /^[1-9][0-9]{0,9}$/),
        channelId: assertConfigValue(channelId, CHANNEL_ID),
        variables: {
          HOTLINE_CALLBACK: assertConfigValue(String(callbackId), /^[1-9][0-9]{0,11}$/),
          HOTLINE_CALLBACK_NUMBER: n,
        },
        ringSeconds: RING_MS / 1000,
      });
    },

    async queueNow(queueId, now) {
      const items = await ami.list('QueueStatus', { Queue: queueSection(queueId) });
      let available = 0;
      let firstJoinedAt: number | null = null;
      for (const i of items) {
        // device state 1: not in use; a member on a call of another queue is not free either
        if (i.Event === 'QueueMember' && i.Status === '1' && i.Paused === '0' && i.InCall !== '1')
          available++;
        if (i.Event === 'QueueEntry') {
          const joined = now - Number(i.Wait ?? 0) * 1000;
          if (firstJoinedAt === null || joined < firstJoinedAt) firstJoinedAt = joined;
        }
      }
      return { available, firstJoinedAt };
    },

    async channelIds() {
      const channels = await ami.list('CoreShowChannels');
      return new Set(channels.map((c) => c.Uniqueid ?? ''));
    },
  };
}
