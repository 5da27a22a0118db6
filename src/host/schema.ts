import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/** An RFC 1123 host name: dot-separated labels of a-z, 0-9 and inner hyphens, 253 characters at most. */
export const Hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, { message: 'at most 253 characters' })
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'letters a-z, digits and inner hyphens, labels of up to 63 separated by dots',
  });

const Ipv4 = z
  .string()
  .trim()
  .max(15)
  .refine(isIPv4, { message: 'must be an IPv4 address such as 192.168.1.20' });

/** An NTP server: a host name or an IP address, nothing a config line could be broken with. */
const NtpServer = z
  .string()
  .trim()
  .max(253)
  .refine((s) => isIPv4(s) || isIPv6(s) || Hostname.safeParse(s).success, {
    message: 'must be a host name such as ntp.aliyun.com or an IP address',
  });

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export const HostnameInput = z.object({ hostname: Hostname }).strict();
export type HostnameInput = z.infer<typeof HostnameInput>;

export const TimeInput = z
  .object({
    timezone: z
      .string()
      .max(64)
      .refine((s) => zones.has(s), { message: 'not a time zone name such as Asia/Shanghai' }),
    /** Empty: the distribution's default servers. */
    ntp: z.array(NtpServer).max(4, { message: 'at most 4 servers' }),
  })
  .strict();
export type TimeInput = z.infer<typeof TimeInput>;

export const StaticNetwork = z
  .object({
    mode: z.literal('static'),
    /** One of the box's own interfaces (checked against them by the service). */
    interface: z
      .string()
      .max(15)
      .regex(/^[a-zA-Z0-9_.-]+$/, { message: 'not an interface name' }),
    address: Ipv4,
    prefix: z.number().int().min(8).max(30),
    gateway: Ipv4,
    dns: z.array(Ipv4).max(3, { message: 'at most 3 servers' }),
  })
  .strict();
export type StaticNetwork = z.infer<typeof StaticNetwork>;

export const Network = z.discriminatedUnion(
  'mode',
  [z.object({ mode: z.literal('dhcp') }).strict(), StaticNetwork],
  { error: 'mode must be dhcp or static' },
);
export type Network = z.infer<typeof Network>;

export const NetworkInput = z
  .object({
    network: Network,
    /** How long the box waits for the change to be confirmed from the new address before it goes back. */
    confirmSeconds: z.number().int().min(10).max(600).default(60),
  })
  .strict();
export type NetworkInput = z.infer<typeof NetworkInput>;

/** The box's host configuration: what hotlined writes into the operating system. */
export const HostConfig = z
  .object({
    hostname: Hostname,
    network: Network,
    timezone: TimeInput.shape.timezone,
    ntp: TimeInput.shape.ntp,
  })
  .strict();
export type HostConfig = z.infer<typeof HostConfig>;

export const WizardInput = z.object({ completed: z.boolean() }).strict();
