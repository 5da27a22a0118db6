import { z } from 'zod';
import { deviceLocation, Signalling } from '../e1/signalling.js';

/**
 * The model of E1/T1 ports and the trunks that run on them, as the DAHDI
 * generators (./confgen.ts) consume it. Ports are keyed by the card's device
 * location plus the port number on that card, never by DAHDI span number:
 * span numbers follow module load order unless assigned-spans.conf pins them,
 * and it is our generator that writes that file.
 */

/** An Asterisk dialplan context name. */
export const DIALPLAN_CONTEXT = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
export const DEFAULT_TRUNK_CONTEXT = 'hotline-trunk-in';

/** Kernel drivers we know how to configure; `default_linemode` exists on the first four. */
export const DAHDI_DRIVERS = [
  'wct4xxp',
  'wcte12xp',
  'wcte13xp',
  'wcte43x',
  'wcte11xp',
  'opvxd115',
  'xpp',
  'wanpipe',
] as const;
export type DahdiDriver = (typeof DAHDI_DRIVERS)[number];

export const ECHO_CANCELLERS = ['oslec', 'hw', 'none'] as const;

const common = {
  port: z.number().int().min(1).max(16),
  /** 0 = never take clock from this port; 1..n = line-timed, 1 first. */
  clockPriority: z.number().int().min(0).max(16).default(0),
  echoCanceller: z.enum(ECHO_CANCELLERS).default('none'),
  signalling: Signalling,
  /** Dial group, `DAHDI/g<group>/...`. */
  group: z.number().int().min(0).max(63),
  context: z
    .string()
    .regex(DIALPLAN_CONTEXT, 'context must be a dialplan context name')
    .default(DEFAULT_TRUNK_CONTEXT),
  /** Concurrent calls, enforced in dialplan like SIP trunks; at most the span's bearer channels. */
  maxChannels: z.number().int().min(1).max(31).default(30),
};

export const E1Port = z.strictObject({
  lineMode: z.literal('e1'),
  framing: z.enum(['ccs', 'cas']).default('ccs'),
  coding: z.enum(['hdb3', 'ami']).default('hdb3'),
  /** Unset: on for PRI, off for MFC/R2 (dahdi_genconf's rule; check with the carrier). */
  crc4: z.boolean().optional(),
  ...common,
});

export const T1Port = z.strictObject({
  lineMode: z.literal('t1'),
  framing: z.enum(['esf', 'd4']).default('esf'),
  coding: z.enum(['b8zs', 'ami']).default('b8zs'),
  /** Line build-out 0..7 (cable length); E1 always uses 0. */
  lbo: z.number().int().min(0).max(7).default(0),
  ...common,
  maxChannels: z.number().int().min(1).max(23).default(23),
});

/** Framing must match the signalling and the bearer count bounds maxChannels. */
function portRules(p: z.infer<typeof E1Port> | z.infer<typeof T1Port>, ctx: z.RefinementCtx) {
  const sig = p.signalling;
  if (sig.kind === 'mfcr2' && p.lineMode !== 'e1')
    ctx.addIssue({ code: 'custom', path: ['signalling', 'kind'], message: 'MFC/R2 runs on E1 ports only' });
  if (p.lineMode === 'e1' && sig.kind === 'pri' && p.framing !== 'ccs')
    ctx.addIssue({ code: 'custom', path: ['framing'], message: 'ISDN PRI needs ccs framing' });
  if (p.lineMode === 'e1' && sig.kind === 'mfcr2' && p.framing !== 'cas')
    ctx.addIssue({ code: 'custom', path: ['framing'], message: 'MFC/R2 needs cas framing' });
  if (p.lineMode === 't1' && sig.kind === 'pri' && sig.switchtype === 'euroisdn')
    ctx.addIssue({
      code: 'custom',
      path: ['signalling', 'switchtype'],
      message: 'euroisdn is an E1 switch type',
    });
  if (p.lineMode === 'e1' && sig.kind === 'pri' && sig.switchtype === 'national')
    ctx.addIssue({
      code: 'custom',
      path: ['signalling', 'switchtype'],
      message: 'national is a T1 switch type',
    });
  // we are the network side, so the PBX takes our clock: line-timing it would be a loop
  if (sig.kind === 'pri' && sig.node === 'pri_net' && p.clockPriority !== 0)
    ctx.addIssue({
      code: 'custom',
      path: ['clockPriority'],
      message: 'a pri_net port feeds equipment that takes our clock: clockPriority must be 0',
    });
  if (p.maxChannels > bearerCount(p.lineMode))
    ctx.addIssue({
      code: 'custom',
      path: ['maxChannels'],
      message: `maxChannels is at most ${bearerCount(p.lineMode)} on ${p.lineMode.toUpperCase()}`,
    });
}

export const crc4Enabled = (p: PortSettings): boolean =>
  p.lineMode === 'e1' && (p.crc4 ?? p.signalling.kind === 'pri');

/** Bearer channels of a span: E1 30 (TS16 is D-channel or CAS), T1 PRI 23. */
export const bearerCount = (mode: 'e1' | 't1'): number => (mode === 'e1' ? 30 : 23);

export const PortSettings = z.discriminatedUnion('lineMode', [E1Port, T1Port]).superRefine(portRules);
export type PortSettings = z.infer<typeof PortSettings>;

export const Card = z
  .strictObject({
    location: deviceLocation,
    driver: z.enum(DAHDI_DRIVERS),
    /** Ports on the card, configured or not: every one gets a span number. */
    portCount: z.number().int().min(1).max(16),
    /** Configured ports; the others are assigned as idle E1 spans so numbering stays fixed. */
    ports: z.array(PortSettings).max(16),
  })
  .superRefine((card, ctx) => {
    const seenPort = new Set<number>();
    const seenPriority = new Map<number, number>();
    card.ports.forEach((p, i) => {
      if (p.port > card.portCount)
        ctx.addIssue({
          code: 'custom',
          path: ['ports', i, 'port'],
          message: `the card has ${card.portCount} ports`,
        });
      if (seenPort.has(p.port))
        ctx.addIssue({
          code: 'custom',
          path: ['ports', i, 'port'],
          message: `port ${p.port} is listed twice`,
        });
      seenPort.add(p.port);
      if (p.clockPriority === 0) return;
      // wct4xxp keeps one priority list per card and turns a value above its port count into 0 silently
      if (p.clockPriority > card.portCount)
        ctx.addIssue({
          code: 'custom',
          path: ['ports', i, 'clockPriority'],
          message: `clockPriority is at most ${card.portCount} on this card`,
        });
      const other = seenPriority.get(p.clockPriority);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['ports', i, 'clockPriority'],
          message: `port ${other} already has clock priority ${p.clockPriority}`,
        });
      seenPriority.set(p.clockPriority, p.port);
    });
  });
export type Card = z.infer<typeof Card>;

/**
 * Everything the DAHDI files are generated from. Cards are numbered in list
 * order: the carrier-facing card should come first, because DAHDI's timing
 * master is the lowest-numbered span that can provide timing.
 */
export const HardwarePlan = z
  .strictObject({
    cards: z.array(Card).max(8),
    /** Tone zone for the whole system (loadzone/defaultzone); DAHDI has no per-span zone. */
    toneZone: z
      .string()
      .regex(/^[a-z]{2}$/, 'toneZone must be a two-letter zone code')
      .default('cn'),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.cards.forEach((c, i) => {
      if (seen.has(c.location))
        ctx.addIssue({ code: 'custom', path: ['cards', i, 'location'], message: 'card listed twice' });
      seen.add(c.location);
    });
  });
export type HardwarePlan = z.infer<typeof HardwarePlan>;
export type HardwarePlanInput = z.input<typeof HardwarePlan>;
