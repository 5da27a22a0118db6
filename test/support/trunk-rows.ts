/** Stored trunk rows as the confgen tests feed them to the generators. */
import type { SipTrunk } from '../../src/trunks/schema.js';

/** An IP-authenticated SIP trunk to a documentation address; `extra` overrides any field. */
export const sipTrunk = (id: number, extra: Partial<SipTrunk> = {}): SipTrunk => ({
  id,
  kind: 'sip',
  name: `trunk ${id}`,
  enabled: true,
  host: '203.0.113.10',
  port: 5060,
  transport: 'udp',
  auth: 'ip',
  username: null,
  secret: null,
  codecs: ['alaw', 'ulaw'],
  maxChannels: 30,
  callerId: null,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});
