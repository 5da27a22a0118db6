import { z } from 'zod';

/**
 * The E1 signalling model, shared by the trunks domain (an E1 trunk carries
 * its signalling) and the hardware domain (the DAHDI plan and generators):
 * it lives below both so that neither imports the other for it.
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
