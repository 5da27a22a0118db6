import type { Ami } from '../asterisk/ami.js';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { OUTBOUND_CONTEXT } from './confgen.js';

/**
 * A call the box places by itself (a notification, a campaign call, a queue
 * callback): no seat behind it. The one place the box dials out on its own.
 */
export interface OutsideCall {
  /** The number as the customer leg's context takes it. */
  number: string;
  /**
   * The customer leg's context (Local channel ;2): [hotline-outbound] (the
   * outbound routes, deny list and spend guard, as for a seat's call) or a
   * domain's own context that ends there or on a trunk hotlined chose.
   */
  via: string;
  /** Where the answered call goes (Local channel ;1 runs this dialplan). */
  context: string;
  exten: string;
  /** Uniqueid of the call's own channel (Local ;1), so its events can be followed. */
  channelId?: string;
  /** Channel variables on both halves; names and values from code, never from users. */
  variables?: Record<string, string>;
  /** Seconds the callee's phone rings. */
  ringSeconds: number;
}

const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Values go on an AMI `Variable:` line and into dialplan: no separators, no expressions. */
const VALUE = /^[A-Za-z0-9_/.:+-]{0,200}$/;
const CONTEXT = /^[a-z][a-z0-9-]{1,63}$/;

/**
 * AMI Originate of `Local/<number>@<via>/n` (n: the pair is never optimised
 * away, so the customer leg keeps its uniqueid to the end). Asterisk copies
 * the variables to both halves of a Local channel, so a class or an attempt
 * id reaches the customer leg's dialplan too. The outcome comes back as an
 * OriginateResponse (bus `originate.response`) with the ActionID resolved
 * here. Every value sent is checked against a strict pattern.
 */
export async function originateOutside(ami: Ami, call: OutsideCall): Promise<string> {
  const number = assertConfigValue(call.number, /^[0-9*#+]{2,32}$/);
  const lines = Object.entries(call.variables ?? {}).map(
    ([k, v]) => `${assertConfigValue(k, NAME)}=${assertConfigValue(v, VALUE)}`,
  );
  const r = await ami.action('Originate', {
    Channel: `Local/${number}@${assertConfigValue(call.via, CONTEXT)}/n`,
    Context: assertConfigValue(call.context, CONTEXT),
    Exten: assertConfigValue(call.exten, /^([0-9]{1,20}|s)$/),
    Priority: '1',
    ...(call.channelId && { ChannelId: assertConfigValue(call.channelId, CONTEXT) }),
    Timeout: String(Math.round(call.ringSeconds * 1000)),
    Variable: lines,
    Async: 'true',
  });
  return r.ActionID ?? '';
}

/** The same through the outbound routes, as a caller of `classRank` (HOTLINE_CLASS: 2 national, 3 international). */
export const originateRouted = async (
  ami: Ami,
  call: Omit<OutsideCall, 'via'> & { classRank: 1 | 2 | 3 },
): Promise<string> =>
  originateOutside(ami, {
    ...call,
    number: assertConfigValue(call.number, /^\+?[0-9]{3,20}$/),
    via: OUTBOUND_CONTEXT,
    variables: { ...call.variables, HOTLINE_CLASS: String(call.classRank) },
  });
