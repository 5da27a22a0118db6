import type { Ami } from '../asterisk/ami.js';
import type { OutboundService } from '../outbound/index.js';
import { originateOutside } from '../outbound/originate.js';
import type { TrunkService } from '../trunks/index.js';
import { OUT_CONTEXT } from './confgen.js';

/**
 * A campaign's calls (no seat behind them), in two steps:
 *
 * - `plan(number)`: which trunk takes it, by the outbound routes (first
 *   matching route, the premium deny list, the spend guard's suspended
 *   trunks, enabled trunks, the caller's own per-trunk use under each
 *   trunk's channel limit). Emergency numbers are never dialled by a machine.
 * - `originate(...)`: `Local/<dial>@hotline-dialer-out/n` through the box's
 *   one originate (src/outbound/originate.ts, shared with notifications and
 *   queue callbacks; extensions_dialer.conf): the Local channel's far half
 *   dials on that trunk and reports its DIALSTATUS (UserEvent HotlineDialer, step `end`);
 *   the near half enters `context`,`s` once the callee answers. `Attempt` is
 *   the caller's id for the call: every UserEvent of it carries the id.
 */
export type TrunkPlan =
  | { ok: true; dial: string; trunkId: number }
  | { ok: false; reason: 'no-route' | 'denied' | 'emergency' | 'no-trunk' | 'trunks-full' };

export interface OutsideCall {
  /** What `plan` answered. */
  dial: string;
  trunkId: number;
  /** Where the answered call goes (a context with an `s` extension). */
  context: string;
  attempt: number;
  ringSeconds: number;
  /** More channel variables (names and values from code, not from users). */
  variables?: Record<string, string>;
}

export interface Originator {
  plan(number: string, inUse: (trunkId: number) => number): TrunkPlan;
  originate(call: OutsideCall): Promise<void>;
}

const DIAL = /^[0-9*#+]{2,32}$/;

export function createOriginator(deps: {
  ami: Ami;
  outbound: Pick<OutboundService, 'match' | 'guard'>;
  trunks: Pick<TrunkService, 'all'>;
}): Originator {
  return {
    plan(number, inUse) {
      const m = deps.outbound.match(number);
      if (m.result === 'no-route') return { ok: false, reason: 'no-route' };
      if (m.result === 'denied:premium') return { ok: false, reason: 'denied' };
      if (m.emergency) return { ok: false, reason: 'emergency' };
      if (!DIAL.test(m.dial)) return { ok: false, reason: 'no-route' };
      const suspended = new Set(
        deps.outbound.guard
          .suspensions()
          .filter((s) => s.kind === 'trunk')
          .map((s) => Number(s.subject)),
      );
      const trunks = new Map(deps.trunks.all().map((t) => [t.id, t]));
      const usable = m.trunkIds.flatMap((id) => {
        const t = trunks.get(id);
        return t?.enabled && !suspended.has(t.id) ? [t] : [];
      });
      if (!usable.length) return { ok: false, reason: 'no-trunk' };
      const free = usable.find((t) => inUse(t.id) < t.maxChannels);
      return free ? { ok: true, dial: m.dial, trunkId: free.id } : { ok: false, reason: 'trunks-full' };
    },

    async originate(call) {
      await originateOutside(deps.ami, {
        number: call.dial,
        via: OUT_CONTEXT,
        context: call.context,
        exten: 's',
        ringSeconds: call.ringSeconds,
        variables: {
          HOTLINE_ATTEMPT: String(call.attempt),
          HOTLINE_DIALER_TRUNK: String(call.trunkId),
          ...call.variables,
        },
      });
    },
  };
}
