import { type Ami, type AmiMessage, createAmi } from '../../src/asterisk/ami.js';
import { until } from '../../src/dev/api-client.js';
import { createLogger } from '../../src/log.js';

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

/** Phone `from` dials `to` through the box; once answered it talks for `seconds`, then hangs up. */
export async function placeCall(ami: Ami, from: string, to: string, seconds: number): Promise<void> {
  await ami.action('Originate', {
    Channel: `PJSIP/${to}@phone-${from}`,
    Context: 'phone-talks',
    Exten: 's',
    Priority: 1,
    Variable: `TALK_SECONDS=${seconds}`,
    Async: 'true',
    Timeout: 20000,
  });
}

/**
 * The carrier calls a DID on the box from `callerId`. Once answered it
 * records what it hears into RECORD_FILE (if given), sends `dtmf` after
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
  },
): Promise<void> {
  const vars = [
    `TALK_SECONDS=${call.seconds ?? 3}`,
    `DTMF=${call.dtmf ?? ''}`,
    `DTMF_DELAY=${call.dtmfDelay ?? 1}`,
    `RECORD_FILE=${call.recordFile ?? ''}`,
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

/** Numbers the carrier received from the box (its CarrierReceived UserEvents), in order. */
export function carrierReceived(ami: Ami): { numbers: { number: string; callerId: string }[]; stop(): void } {
  const numbers: { number: string; callerId: string }[] = [];
  const stop = ami.onEvent((e: AmiMessage) => {
    if (e.Event === 'UserEvent' && e.UserEvent === 'CarrierReceived') {
      numbers.push({ number: e.Number ?? '', callerId: e.CallerID ?? '' });
    }
  });
  return { numbers, stop };
}
