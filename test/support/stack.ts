/**
 * What the integration and end-to-end tests set up on the rig again and
 * again: hotlined with an admin session, seats with registered phones, the
 * carrier's IP trunk, prompt uploads and "no call is up any more".
 */
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import { type Stack, startStack } from '../../dev/stack.js';

/** The box with hotlined (warn logs unless `opts` says) and an API session as its admin. */
export async function adminStack(
  opts: Parameters<typeof startStack>[0] = {},
): Promise<{ stack: Stack; api: Api }> {
  const stack = await startStack({ logLevel: 'warn', ...opts });
  return { stack, api: await login(stack.hotlined.url, stack.admin.username, stack.admin.password) };
}

/** A seat to create: `name` defaults to "坐席 <extension>"; other fields go to the API as they are. */
export type SeatSpec = { extension: string; name?: string } & Record<string, unknown>;

/**
 * Creates `seats` through the API and starts phones for those listed in
 * `withPhones` (all by default), once they are all registered. Resolves with
 * the phones and the created seats, in order.
 */
export async function seatsWithPhones(
  stack: Stack,
  api: Api,
  seats: SeatSpec[],
  withPhones: string[] = seats.map((s) => s.extension),
): Promise<{ phones: PhonesInstance; seats: any[] }> {
  const created = [];
  for (const s of seats) created.push(await api.post('/api/v1/seats', { name: `坐席 ${s.extension}`, ...s }));
  const phones = await stack.startPhones(
    created
      .filter((s) => withPhones.includes(s.extension))
      .map((s) => ({ extension: s.extension, secret: s.secret })),
  );
  await until(
    withPhones.length === 1 ? 'phone registered' : 'phones registered',
    async () =>
      (await api.get('/api/v1/seats')).items.filter(
        (s: any) => withPhones.includes(s.extension) && s.registration.registered,
      ).length === withPhones.length,
    30_000,
  );
  return { phones, seats: created };
}

/**
 * adminStack with the rig's carrier (destroyed by the caller) and `seats`,
 * phones registered for `withPhones` (all by default) as seatsWithPhones does.
 */
export async function carrierStack(seats: SeatSpec[], withPhones?: string[]) {
  const { stack, api } = await adminStack();
  const carrier = await startCarrier({
    root: stack.root,
    runId: stack.runId,
    boxSipPort: stack.box.ports.sip,
  });
  const { phones } = await seatsWithPhones(stack, api, seats, withPhones);
  return { stack, api, carrier, phones };
}

/** The rig's carrier as an IP-authenticated SIP trunk (it is identified by its address). */
export const carrierTrunkBody = (carrier: Pick<CarrierInstance, 'ports'>, name = 'carrier') => ({
  kind: 'sip',
  name,
  host: '127.0.0.2',
  port: carrier.ports.sip,
  auth: 'ip',
});

/** Creates the carrier's trunk; the created trunk. */
export const carrierTrunk = (api: Api, carrier: Pick<CarrierInstance, 'ports'>, name = 'carrier') =>
  api.post('/api/v1/trunks', carrierTrunkBody(carrier, name));

/** Waits until the Asterisk behind `peer` has no channel up. */
export const noCallsUp = (peer: { cli(command: string): Promise<string> }, timeoutMs = 30_000) =>
  until(
    'no calls up',
    async () => /^0 active channels/m.test(await peer.cli('core show channels count')),
    timeoutMs,
  );

/** Uploads a WAV prompt (raw body, ?name=) with an admin's session cookie; the created prompt. */
export async function uploadPrompt(stack: Stack, cookie: string, name: string, wav: Buffer): Promise<any> {
  const res = await fetch(`${stack.hotlined.url}/api/v1/prompts?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'audio/wav' },
    body: wav as unknown as BodyInit,
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
