import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';

export { carrierCall, rigAmi } from '../../dev/rig-calls.js';

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
