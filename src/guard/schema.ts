import { z } from 'zod';
import { parseCidr } from './addresses.js';

const Cidr = z
  .string()
  .max(43)
  .refine((s) => parseCidr(s) !== null, {
    message: 'must be an IPv4 or IPv6 network such as 192.168.1.0/24',
  });

export const GuardSettingsInput = z
  .object({
    /** Failures from one source within the window that ban it. */
    threshold: z.number().int().min(3).max(10_000),
    windowMinutes: z.number().int().min(1).max(1440),
    banMinutes: z.number().int().min(1).max(43_200),
    /** Networks never banned (the LAN, the carrier). */
    allowList: z.array(Cidr).max(200),
  })
  .strict();
export type GuardSettingsInput = z.infer<typeof GuardSettingsInput>;

export const AddressParam = z.object({
  address: z.string().refine((s) => /^[0-9a-fA-F:.]{2,39}$/.test(s), { message: 'must be an IP address' }),
});
