/**
 * Placing real calls on the rig from code: an AMI connection to a rig peer
 * (phones or carrier) and the carrier's call into the box. Used by tests,
 * benchmarks and the demo traffic of ./scripts/start.
 */
import { randomBytes } from 'node:crypto';
import { type Ami, createAmi } from '../src/asterisk/ami.js';
import type { AmiMessage } from '../src/asterisk/ami-frame.js';
import { createLogger } from '../src/log.js';
import { until } from './api-client.js';

/** An AMI connection to a rig peer (phones or carrier), to place calls from it. */
export async function rigAmi(peer: {
  ports: { ami: number };
  ami: { username: string; secret: string };
}): Promise<Ami> {
  const ami = createAmi({
    host: '127.0.0.1',
    port: peer.ports.ami,
    username: peer.ami.username,
    secret: peer.ami.secret,
    log: createLogger('silent'),
  });
  ami.start();
  await until('rig AMI', async () => ami.state === 'connected');
  return ami;
}

/**
 * The carrier calls a DID on the box from `callerId`. Once answered it
 * records the call into RECORD_FILE (if given; what it hears alone into
 * `<RECORD_FILE>-heard.wav`), sends `dtmf` after
 * `dtmfDelay` seconds, stays `seconds`, then hangs up.
 */
export async function carrierCall(
  ami: Ami,
  call: {
    did: string;
    callerId: string;
    seconds?: number;
    dtmf?: string;
    dtmfDelay?: number;
    recordFile?: string;
    /** Send music while talking, like a caller who speaks (recordings are then not silent). */
    talkAudio?: boolean;
    /** A sound to play once answered, before talking: its path inside the carrier's root, without extension. */
    talkFile?: string;
    /** After talking, read this many digits and announce them (UserEvent CarrierHeard). */
    readDigits?: number;
    /** The carrier channel's Uniqueid (to follow the call's AMI events). */
    channelId?: string;
  },
): Promise<AmiMessage> {
  const vars = [
    `TALK_SECONDS=${call.seconds ?? 3}`,
    `DTMF=${call.dtmf ?? ''}`,
    `DTMF_DELAY=${call.dtmfDelay ?? 1}`,
    `RECORD_FILE=${call.recordFile ?? ''}`,
    `TALK_AUDIO=${call.talkAudio ? 1 : 0}`,
    `READ_DIGITS=${call.readDigits ?? ''}`,
    `TALK_FILE=${call.talkFile ?? ''}`,
  ];
  return ami.action('Originate', {
    ...(call.channelId ? { ChannelId: call.channelId } : {}),
    Channel: `PJSIP/${call.did}@box`,
    CallerID: `<${call.callerId}>`,
    Context: 'carrier-talks',
    Exten: 's',
    Priority: 1,
    Variable: vars,
    Async: 'true',
    Timeout: 20000,
  });
}

export interface CallOutcome {
  /** What the box did with the call, as the carrier saw it. */
  result: 'answered' | 'busy' | 'no answer' | 'congestion' | 'failed';
  /** Answer to hang-up, in seconds (answered calls). */
  seconds?: number;
  /** Asterisk's hang-up cause as the carrier saw it. */
  cause?: string;
  /** Who ended an answered call: the box (its BYE reached the carrier) or the caller. */
  hungUpBy?: 'box' | 'caller';
}

/** OriginateResponse's Reason: Asterisk's control frame that ended the dialling. */
const ORIGINATE_REASONS: Record<string, CallOutcome['result']> = {
  '3': 'no answer',
  '4': 'answered',
  '5': 'busy',
  '8': 'congestion',
};

/**
 * ./scripts/call: the carrier calls `did` (sending `dtmf` once answered) and
 * follows the call on its AMI until it ends: answered or not, and how long.
 */
export async function carrierCallOutcome(
  ami: Ami,
  call: Parameters<typeof carrierCall>[1],
  limitMs = 15 * 60_000,
): Promise<CallOutcome> {
  const channelId = `call-${randomBytes(6).toString('hex')}`;
  // A failed originate has no channel: its OriginateResponse is known by the ActionID alone,
  // and may arrive with the action's Response, before that id is known here.
  let actionId: string | undefined;
  const seen: AmiMessage[] = [];
  let answeredAt = 0;
  let boxHungUp = false;
  let settle: (o: CallOutcome) => void = () => {};
  const ended = new Promise<CallOutcome>((resolve) => {
    settle = resolve;
  });
  const check = (e: AmiMessage) => {
    if (e.Event === 'OriginateResponse' && (e.Uniqueid === channelId || e.ActionID === actionId)) {
      const result = ORIGINATE_REASONS[e.Reason ?? ''] ?? 'failed';
      if (result === 'answered') answeredAt ||= Date.now();
      else settle({ result });
    } else if (e.Event === 'HangupRequest' && e.Uniqueid === channelId) {
      // queued by the channel driver when the far end hangs up; the caller's own Hangup() raises none
      boxHungUp = true;
    } else if (e.Event === 'Hangup' && e.Uniqueid === channelId && answeredAt) {
      settle({
        result: 'answered',
        seconds: Math.round((Date.now() - answeredAt) / 100) / 10,
        cause: `${e.Cause} ${e['Cause-txt'] ?? ''}`.trim(),
        hungUpBy: boxHungUp ? 'box' : 'caller',
      });
    }
  };
  const off = ami.onEvent((e) => {
    if (actionId === undefined) seen.push(e);
    check(e);
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the call did not end within ${limitMs / 1000} s`)), limitMs);
  });
  try {
    actionId = (await carrierCall(ami, { ...call, channelId })).ActionID;
    for (const e of seen.splice(0)) check(e);
    return await Promise.race([ended, limit]);
  } finally {
    off();
    clearTimeout(timer);
  }
}
