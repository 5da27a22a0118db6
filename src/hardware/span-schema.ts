import { z } from 'zod';

/**
 * The model of E1/T1 ports and the trunks that run on them, as the DAHDI
 * generators (./confgen.ts) consume it. Ports are keyed by the card's device
 * location plus the port number on that card, never by DAHDI span number:
 * span numbers follow module load order unless assigned-spans.conf pins them,
 * and it is our generator that writes that file.
 */

/**
 * A DAHDI device's `location` sysfs attribute, cleaned the way
 * dahdi_span_assignments and dahdi_span_types match it after `@`: `!` becomes
 * `/` and anything outside `A-Za-z0-9/:.-` becomes `_` (so wct4xxp's
 * "PCI Express Bus 02 Slot 01" is `PCI_Express_Bus_02_Slot_01`). Those
 * scripts match with shell `case` globs, so `*?[` must never appear.
 */
export const DEVICE_LOCATION = /^[A-Za-z0-9/:._-]{1,200}$/;
export const deviceLocation = z
  .string()
  .regex(DEVICE_LOCATION, 'location must be the cleaned sysfs location (A-Z a-z 0-9 / : . _ -)');

/** The cleaning itself, for detection code reading /sys/bus/dahdi_devices/devices/<dev>/location. */
export const cleanLocation = (raw: string): string =>
  raw
    .replace(/\n/g, '')
    .replace(/!/g, '/')
    .replace(/[^a-zA-Z0-9/:.-]/g, '_');

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
/** Type of number (pridialplan / prilocaldialplan), as chan_dahdi spells it. */
export const PRI_DIALPLANS = [
  'unknown',
  'private',
  'local',
  'national',
  'international',
  'dynamic',
  'redundant',
] as const;
export const SWITCHTYPES = ['euroisdn', 'qsig', 'national'] as const;
export const R2_CATEGORIES = [
  'national_subscriber',
  'national_priority_subscriber',
  'international_subscriber',
  'international_priority_subscriber',
  'collect_call',
] as const;

/** ms; -1 keeps the openr2 default. chan_dahdi warns below 500 (MF back) / above 500 (metering). */
const r2Timeout = z
  .number()
  .int()
  .refine((n) => n === -1 || (n >= 1 && n <= 60000), 'timeout must be -1 (library default) or 1..60000 ms');

export const PriSignalling = z.strictObject({
  kind: z.literal('pri'),
  /** pri_cpe when the carrier is the network side; pri_net when we feed a PBX. */
  node: z.enum(['pri_cpe', 'pri_net']).default('pri_cpe'),
  switchtype: z.enum(SWITCHTYPES).default('euroisdn'),
  /** Type of number of the called number we send. */
  dialplan: z.enum(PRI_DIALPLANS).default('unknown'),
  /** Type of number of the calling number we send. */
  localDialplan: z.enum(PRI_DIALPLANS).default('unknown'),
  overlapDial: z.boolean().default(false),
  /** `dchan` (software HDLC) is what works on Digium/OpenVox cards; `hardhdlc` for cards that need it. */
  dchannel: z.enum(['dchan', 'hardhdlc']).default('dchan'),
});

export const R2Signalling = z.strictObject({
  kind: z.literal('mfcr2'),
  /** China No.1 only for now; openr2 has other variants but nobody here asked. */
  variant: z.literal('cn').default('cn'),
  /** chan_dahdi caps it at 79 (and openr2 master ignores it for cn). */
  maxAni: z.number().int().min(1).max(79).default(10),
  /**
   * Required: cn has no "end of DNIS" signal, so too large a value makes every
   * incoming call wait for the MF timeout and too small cuts the number short.
   */
  maxDnis: z.number({ error: 'maxDnis is required for MFC/R2' }).int().min(1).max(20),
  getAniFirst: z.boolean().default(false),
  category: z.enum(R2_CATEGORIES).default('national_subscriber'),
  mfBackTimeout: r2Timeout.default(-1),
  meteringPulseTimeout: r2Timeout.default(-1),
  /** ABCD idle bits until Asterisk takes the channel; 1111 suggested for China (C/D = 11). */
  idleBits: z
    .string()
    .regex(/^[01]{4}$/, 'idleBits must be 4 bits, e.g. 1111')
    .default('1111'),
  /** Per-call trace files, for commissioning with the carrier. */
  callFiles: z.boolean().default(false),
});

export const Signalling = z.discriminatedUnion('kind', [PriSignalling, R2Signalling]);
export type Signalling = z.infer<typeof Signalling>;

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
