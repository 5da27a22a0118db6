/**
 * Who talks with whom on a real Asterisk, from its AMI (CoreShowChannels):
 * the checks the desk's transfer and conference tests share.
 */
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';

export type ChannelMatch = (c: AmiMessage) => boolean;

/** A seat's PJSIP channel. */
export const isSeat =
  (seat: string): ChannelMatch =>
  (c) =>
    (c.Channel ?? '').startsWith(`PJSIP/${seat}-`);

/** The channels sharing a bridge with the first channel `which` picks, or null. */
export async function bridgeOf(ami: Ami, which: ChannelMatch): Promise<AmiMessage[] | null> {
  const all = await ami.list('CoreShowChannels');
  const me = all.find((c) => which(c) && c.BridgeId);
  return me ? all.filter((c) => c.BridgeId === me.BridgeId) : null;
}

/**
 * `a` and `b` talk: bridged with each other, or each bridged with one half
 * of the same Local channel pair. Asterisk optimizes the pair of an
 * attended transfer's consultation away when it can; after a transfer of a
 * call the agent placed (click-to-call) it stays, and the call is as good.
 */
export async function connected(ami: Ami, a: ChannelMatch, b: ChannelMatch): Promise<boolean> {
  const all = await ami.list('CoreShowChannels');
  const bridged = (x: ChannelMatch) => {
    const me = all.find((c) => x(c) && c.BridgeId);
    return me ? all.filter((c) => c.BridgeId === me.BridgeId && c !== me) : [];
  };
  const peersOfA = bridged(a);
  if (peersOfA.length !== 1) return false;
  const peer = peersOfA[0]!;
  if (b(peer)) return true;
  const half = /^(Local\/.+);([12])$/.exec(peer.Channel ?? '');
  if (!half) return false;
  const other = `${half[1]};${half[2] === '1' ? '2' : '1'}`;
  const beyond = bridged((c) => c.Channel === other);
  return beyond.length === 1 && b(beyond[0]!);
}
