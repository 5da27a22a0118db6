import { z } from 'zod';
import { deviceLocation, Signalling } from '../e1/signalling.js';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';

/**
 * Free text that ends up near config files or dialplan (trunk and route
 * names, caller-ID names): anything printable, Chinese welcome, but nothing
 * that could close a quote, start a comment, open a section or expand a
 * dialplan expression.
 */
const UNSAFE_TEXT = unsafeTextAnd('"\'`\\;<>$[]{}(),|&');
export const UNSAFE_TEXT_HELP = 'control characters or any of " \' ` \\ ; < > $ [ ] { } ( ) , | &';

export const displayName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(64, 'name may be at most 64 characters')
  .refine((s) => !UNSAFE_TEXT.test(s), `name may not contain ${UNSAFE_TEXT_HELP}`);

/** A dotted quad with every octet 0..255 and no leading zeros. */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
export const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** RFC 1123 host name whose last label is not all digits (so 999.1.1.1 is no host name). */
const HOSTNAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export const host = z
  .string()
  .max(253, 'host may be at most 253 characters')
  .refine((s) => IPV4.test(s) || HOSTNAME.test(s), 'host must be an IPv4 address or a host name');

/** SIP user part we write into pjsip.conf: no quoting ever needed. */
export const SIP_USERNAME = /^[A-Za-z0-9._~+-]{1,64}$/;
/** Carrier secrets: printable, but never a character pjsip.conf treats specially (; # " whitespace). */
export const SIP_SECRET = /^[A-Za-z0-9._~+=!@%^*?:/-]{4,128}$/;

export const CODECS = ['alaw', 'ulaw', 'g722', 'gsm', 'opus'] as const;
export type Codec = (typeof CODECS)[number];

export const TRUNK_TRANSPORTS = ['udp', 'tcp'] as const;
export const TRUNK_AUTH = ['ip', 'registration'] as const;

/** A caller number as carriers take it: digits with an optional leading +. */
export const CALLER_NUMBER = /^\+?[0-9]{1,20}$/;

export const CallerId = z.strictObject({
  number: z.string().regex(CALLER_NUMBER, 'number must be 1 to 20 digits with an optional leading +'),
  name: displayName.optional(),
  presentation: z.enum(['allowed', 'restricted']).default('allowed'),
});
export type CallerId = z.infer<typeof CallerId>;

const sipFields = {
  name: displayName,
  enabled: z.boolean().default(true),
  host,
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(TRUNK_TRANSPORTS).default('udp'),
  auth: z.enum(TRUNK_AUTH),
  username: z.string().regex(SIP_USERNAME, 'username must be 1 to 64 of A-Z a-z 0-9 . _ ~ + -').optional(),
  secret: z
    .string()
    .regex(SIP_SECRET, 'secret must be 4 to 128 of A-Z a-z 0-9 . _ ~ + = ! @ % ^ * ? : / -')
    .optional(),
  codecs: z
    .array(z.enum(CODECS))
    .min(1, 'at least one codec')
    .max(CODECS.length)
    .refine((c) => new Set(c).size === c.length, 'codecs may not repeat')
    .default(['alaw', 'ulaw']),
  /** Concurrent calls, both directions together; enforced in dialplan. */
  maxChannels: z.number().int().min(1).max(1000).default(30),
  callerId: CallerId.nullable().default(null),
};

/** A registering trunk needs the credentials the carrier gave. */
const needsCredentials = (
  t: { auth: 'ip' | 'registration'; username?: string; secret?: string },
  ctx: z.RefinementCtx,
) => {
  if (t.auth !== 'registration') return;
  if (!t.username)
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'registration needs a username' });
  if (!t.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'registration needs a secret' });
};

export const SipTrunkCreate = z
  .strictObject({ kind: z.literal('sip'), ...sipFields })
  .superRefine(needsCredentials);

/**
 * An E1/T1 trunk: the signalling that runs on one port of a DAHDI card
 * (ISDN PRI or China No.1 MFC/R2). The port's line settings (framing, clock,
 * echo canceller) are the hardware domain's; the two are checked together
 * when the DAHDI plan is built (src/hardware/plan.ts).
 */
const e1Fields = {
  name: displayName,
  enabled: z.boolean().default(true),
  /** The card's cleaned sysfs location and the port on it: never a span number. */
  location: deviceLocation,
  port: z.number().int().min(1).max(16),
  signalling: Signalling,
  /** Dial group: outbound calls take `DAHDI/g<group>`; one group per trunk. */
  group: z.number().int().min(0).max(63),
  /** Concurrent calls, both directions; at most the bearer channels of the span. */
  maxChannels: z.number().int().min(1).max(31).default(30),
  callerId: CallerId.nullable().default(null),
};

export const E1TrunkCreate = z.strictObject({ kind: z.literal('e1'), ...e1Fields });

export const E1TrunkUpdate = z.strictObject({
  name: displayName.optional(),
  enabled: z.boolean().optional(),
  location: deviceLocation.optional(),
  port: e1Fields.port.optional(),
  signalling: Signalling.optional(),
  group: e1Fields.group.optional(),
  maxChannels: e1Fields.maxChannels.unwrap().optional(),
  callerId: CallerId.nullable().optional(),
});
export type E1TrunkUpdate = z.infer<typeof E1TrunkUpdate>;

/**
 * Trunks are a union on `kind`; the common part (name, enabled, maxChannels,
 * callerId) is what routes rely on.
 */
export const TrunkCreate = z.discriminatedUnion('kind', [SipTrunkCreate, E1TrunkCreate]);
export type TrunkCreate = z.infer<typeof TrunkCreate>;

/** PATCH: any subset of the SIP fields; the kind of a trunk never changes. */
export const SipTrunkUpdate = z.strictObject({
  name: sipFields.name.optional(),
  enabled: z.boolean().optional(),
  host: host.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  transport: z.enum(TRUNK_TRANSPORTS).optional(),
  auth: z.enum(TRUNK_AUTH).optional(),
  username: sipFields.username,
  secret: sipFields.secret,
  codecs: z
    .array(z.enum(CODECS))
    .min(1, 'at least one codec')
    .max(CODECS.length)
    .refine((c) => new Set(c).size === c.length, 'codecs may not repeat')
    .optional(),
  maxChannels: z.number().int().min(1).max(1000).optional(),
  callerId: CallerId.nullable().optional(),
});
export type SipTrunkUpdate = z.infer<typeof SipTrunkUpdate>;

export const TRUNK_SORT = ['name', 'kind', 'createdAt'] as const;
export type TrunkSort = (typeof TRUNK_SORT)[number];

export const TrunkListQuery = listQuery(TRUNK_SORT, {
  kind: z.enum(['sip', 'e1'], { error: 'kind must be sip or e1' }).optional(),
});
export type TrunkListQuery = z.infer<typeof TrunkListQuery>;

/** `?confirm=true`: the admin accepts that live E1 calls drop (only E1 changes ask). */
export const ConfirmQuery = z.object({
  confirm: z.enum(['true', 'false'], { error: 'confirm must be true or false' }).optional(),
});
export type ConfirmQuery = z.infer<typeof ConfirmQuery>;

interface TrunkCommon {
  id: number;
  name: string;
  enabled: boolean;
  maxChannels: number;
  callerId: CallerId | null;
  createdAt: number;
  updatedAt: number;
}

export interface SipTrunk extends TrunkCommon {
  kind: 'sip';
  host: string;
  port: number;
  transport: (typeof TRUNK_TRANSPORTS)[number];
  auth: (typeof TRUNK_AUTH)[number];
  username: string | null;
  secret: string | null;
  codecs: Codec[];
}

export interface E1Trunk extends TrunkCommon {
  kind: 'e1';
  location: string;
  port: number;
  signalling: Signalling;
  group: number;
}

export type Trunk = SipTrunk | E1Trunk;

/** The PJSIP endpoint (and aor, auth, registration, identify) name of a trunk. */
export const trunkEndpoint = (id: number): string => `trunk-${id}`;
