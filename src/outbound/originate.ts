import type { Ami } from '../asterisk/ami.js';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { OUTBOUND_CONTEXT } from './confgen.js';

/** A call the box places itself (a notification, a campaign): no seat behind it. */
export interface OutsideCall {
  /** The number as a seat would dial it: the outbound routes, deny list and spend guard apply. */
  number: string;
  /** Where the answered call goes (the callee's side runs this dialplan). */
  context: string;
  exten: string;
  /** Uniqueid of the call's own channel (Local ;1), so its events can be followed. */
  channelId: string;
  /** The class the routes check (HOTLINE_CLASS rank: 2 national, 3 international). */
  classRank: 1 | 2 | 3;
  variables?: Record<string, string>;
  /** Seconds the callee's phone rings. */
  ringSeconds: number;
}

const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Values go on an AMI `Variable:` line and into dialplan: no separators, no expressions. */
const VALUE = /^[A-Za-z0-9_/.:+-]{0,200}$/;

/**
 * Originates an outside call through the outbound routes: a Local channel
 * into [hotline-outbound] carries the number (so a route, its trunks and
 * failover, the deny list and the spend guard treat it as any seat's call),
 * and once the callee answers, the Local channel's own side runs
 * `context`/`exten`. Asterisk copies the Originate's variables to both
 * halves of a Local channel, so HOTLINE_CLASS reaches the route. The
 * outcome comes back as an OriginateResponse (bus `originate.response`)
 * naming `context` and `exten`. The one place the box dials out by itself.
 */
export async function originateOutside(ami: Ami, call: OutsideCall): Promise<void> {
  const number = assertConfigValue(call.number, /^\+?[0-9]{3,20}$/);
  const vars = { ...call.variables, HOTLINE_CLASS: String(call.classRank) };
  const lines = Object.entries(vars).map(
    ([k, v]) => `${assertConfigValue(k, NAME)}=${assertConfigValue(v, VALUE)}`,
  );
  await ami.action('Originate', {
    Channel: `Local/${number}@${OUTBOUND_CONTEXT}/n`,
    Context: assertConfigValue(call.context, /^[a-z][a-z0-9-]{1,63}$/),
    Exten: assertConfigValue(call.exten, /^[0-9]{1,20}$/),
    Priority: '1',
    ChannelId: assertConfigValue(call.channelId, /^[a-z][a-z0-9-]{1,63}$/),
    Timeout: String(Math.round(call.ringSeconds * 1000)),
    Variable: lines,
    Async: 'true',
  });
}
