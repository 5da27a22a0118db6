/**
 * Placing real calls on the rig from code: an AMI connection to a rig peer
 * (phones or carrier) and the carrier's call into the box. Used by tests,
 * benchmarks and the demo traffic of ./scripts/start.
 */
import { type Ami, createAmi } from '../src/asterisk/ami.js';
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
  },
): Promise<void> {
  const vars = [
    `TALK_SECONDS=${call.seconds ?? 3}`,
    `DTMF=${call.dtmf ?? ''}`,
    `DTMF_DELAY=${call.dtmfDelay ?? 1}`,
    `RECORD_FILE=${call.recordFile ?? ''}`,
    `TALK_AUDIO=${call.talkAudio ? 1 : 0}`,
    `READ_DIGITS=${call.readDigits ?? ''}`,
    `TALK_FILE=${call.talkFile ?? ''}`,
  ];
  await ami.action('Originate', {
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
