import type { Api } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { rigAmi } from './phones.js';
import { adminStack, carrierTrunk, seatsWithPhones } from './stack.js';

export const DESK_USER = { username: 'agent1003', password: 'correct horse battery' };

export interface DeskQueue {
  queue: { id: number };
  agent: { id: number };
  customer: { id: number };
}

export interface DeskRig extends DeskQueue {
  stack: Stack;
  api: Api;
  carrier: CarrierInstance;
  carrierAmi: Ami;
}

/**
 * The desk's queue on a box that has the seat `extension`: the queue 客服一组
 * (codes 已解决 and 需回访, a screen-pop URL) reached from `did`, the seat's
 * agent in it (logged out) and the customer 王芳 (VIP 5) calling from `caller`.
 */
export async function deskQueue(
  api: Api,
  opts: { did: string; caller: string; extension: string; queueSettings?: Record<string, unknown> },
): Promise<DeskQueue> {
  const queue = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: { announcePosition: false, joinEmpty: 'always', ...opts.queueSettings },
    dispositions: ['已解决', '需回访'],
    screenPopUrl: 'https://crm.example/find?tel={caller}',
  });
  const agent = await api.post('/api/v1/agents', {
    extension: opts.extension,
    name: `客服 ${opts.extension}`,
    skills: [{ queueId: queue.id }],
  });
  const customer = await api.post('/api/v1/customers', {
    name: '王芳',
    numbers: [opts.caller],
    vip: 5,
    notes: '大客户',
  });
  await api.post('/api/v1/inbound-routes', {
    did: opts.did,
    destination: { type: 'queue', queueId: queue.id },
  });
  return { queue, agent, customer };
}

/**
 * The desk's calls on the rig: the carrier as a trunk, seat 1003 with a rig
 * phone (it answers at once), the desk's queue (deskQueue) for agent 1003 and
 * DESK_USER, an agent user of seat 1003.
 */
export async function deskRig(opts: {
  did: string;
  caller: string;
  queueSettings?: Record<string, unknown>;
}): Promise<DeskRig> {
  const { stack, api } = await adminStack();
  const carrier = await startCarrier({
    root: stack.root,
    runId: stack.runId,
    boxSipPort: stack.box.ports.sip,
  });
  await seatsWithPhones(stack, api, [{ extension: '1003' }]);
  await carrierTrunk(api, carrier);
  const desk = await deskQueue(api, { ...opts, extension: '1003' });
  const user = await api.post('/api/v1/users', { ...DESK_USER, role: 'agent' });
  await api.req('PATCH', `/api/v1/users/${user.user.id}`, { seatExtension: '1003' });
  return { stack, api, carrier, carrierAmi: await rigAmi(carrier), ...desk };
}
