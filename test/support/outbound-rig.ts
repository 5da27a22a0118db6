/**
 * The outbound tests' rig: an admin stack, the carrier, seats with phones,
 * AMI on both rig peers and a recorder of the numbers the carrier receives;
 * plus the two waits those tests use. The caller adds its trunks and routes.
 */
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { carrierReceived, rigAmi } from './phones.js';
import { adminStack, type SeatSpec, seatsWithPhones } from './stack.js';

export interface OutboundRig {
  stack: Stack;
  api: Api;
  carrier: CarrierInstance;
  phonesAmi: Ami;
  carrierAmi: Ami;
  received: ReturnType<typeof carrierReceived>;
  /**
   * The newest CDR of a call from seat `src` to `dst`, found by the dialled number and the
   * seat's channel: once a route presents the trunk's caller ID, the CDR's src is that number.
   */
  cdrFrom(src: string, dst: string): Promise<any>;
  /** Waits until the carrier has received a call to `n`. */
  receivedNumber(n: string): Promise<{ number: string; callerId: string }>;
  stop(): Promise<void>;
}

export async function outboundRig(seats: SeatSpec[]): Promise<OutboundRig> {
  const { stack, api } = await adminStack();
  const carrier = await startCarrier({
    root: stack.root,
    runId: stack.runId,
    boxSipPort: stack.box.ports.sip,
  });
  const { phones } = await seatsWithPhones(stack, api, seats);
  const phonesAmi = await rigAmi(phones);
  const carrierAmi = await rigAmi(carrier);
  const received = carrierReceived(carrierAmi);
  return {
    stack,
    api,
    carrier,
    phonesAmi,
    carrierAmi,
    received,
    cdrFrom: (src, dst) =>
      until(
        `CDR ${src}→${dst}`,
        async () =>
          ((await api.get(`/api/v1/cdrs?number=${encodeURIComponent(dst)}&limit=50`)).items as any[]).find(
            (c) => c.dst === dst && c.channel.startsWith(`PJSIP/${src}-`),
          ),
        20_000,
      ),
    receivedNumber: (n) =>
      until(`carrier receives ${n}`, async () => received.numbers.find((x) => x.number === n), 20_000),
    async stop() {
      received.stop();
      await phonesAmi.stop();
      await carrierAmi.stop();
      await carrier.destroy();
      await stack.stop();
    },
  };
}

/** Waits until every seat's phone is registered and the first trunk answers the box's qualify. */
export function untilPhonesAndTrunkReady(api: Api): Promise<unknown> {
  return until(
    'phones registered, trunk reachable',
    async () => {
      const seats = await api.get('/api/v1/seats');
      const trunks = await api.get('/api/v1/trunks');
      return (
        seats.items.every((s: any) => s.registration.registered) &&
        trunks.items[0].status.reachability === 'reachable'
      );
    },
    30_000,
  );
}
