import { z } from 'zod';
import { deviceLocation } from '../e1/signalling.js';
import { DAHDI_DRIVERS, ECHO_CANCELLERS } from './span-schema.js';

/**
 * API input of the hardware domain: cards in the plan, span (line) settings
 * per port, and system-wide DAHDI settings. Signalling lives on the E1 trunk
 * (src/trunks, kind 'e1'); the two meet in ./plan.ts.
 */

export const CardInput = z.strictObject({
  driver: z.enum(DAHDI_DRIVERS),
  portCount: z.number().int().min(1).max(16),
  /** Order of the card in span numbering; the carrier-facing card should come first (it becomes the timing master). */
  position: z.number().int().min(0).max(99).default(0),
});
export type CardInput = z.infer<typeof CardInput>;

const e1Only = ['crc4'] as const;
const t1Only = ['lbo'] as const;

/**
 * Line settings of one port. Framing/coding default from the line mode and
 * the trunk's signalling; options of the other line mode are refused rather
 * than ignored, so the admin learns the form was wrong.
 */
export const SpanSettings = z
  .strictObject({
    lineMode: z.enum(['e1', 't1']).default('e1'),
    framing: z.enum(['ccs', 'cas', 'esf', 'd4']).optional(),
    coding: z.enum(['hdb3', 'ami', 'b8zs']).optional(),
    crc4: z.boolean().optional(),
    /** 0 = never take clock from this port; 1 = first choice; per card, one port per priority. */
    clockPriority: z.number().int().min(0).max(16).default(0),
    lbo: z.number().int().min(0).max(7).optional(),
    echoCanceller: z.enum(ECHO_CANCELLERS).default('none'),
  })
  .superRefine((s, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.lineMode === 'e1') {
      if (s.framing === 'esf' || s.framing === 'd4')
        bad('framing', `${s.framing} is T1 framing; E1 uses ccs or cas`);
      if (s.coding === 'b8zs') bad('coding', 'b8zs is T1 line coding; E1 uses hdb3 (or ami)');
      for (const k of t1Only)
        if (s[k] !== undefined && s[k] !== 0) bad(k, 'line build-out is a T1 option; an E1 port uses 0');
    } else {
      if (s.framing === 'ccs' || s.framing === 'cas')
        bad('framing', `${s.framing} is E1 framing; T1 uses esf or d4`);
      if (s.coding === 'hdb3') bad('coding', 'hdb3 is E1 line coding; T1 uses b8zs (or ami)');
      for (const k of e1Only) if (s[k] !== undefined) bad(k, 'CRC4 is an E1 option');
    }
  });
export type SpanSettings = z.infer<typeof SpanSettings>;

export const DahdiSettings = z.strictObject({
  toneZone: z
    .string()
    .regex(/^[a-z]{2}$/, 'toneZone must be a two-letter zone code')
    .default('cn'),
});
export type DahdiSettings = z.infer<typeof DahdiSettings>;

export const LocationParam = deviceLocation;
export const PortParam = z.coerce.number().int().min(1).max(16);

export const AlarmHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  span: z.coerce.number().int().min(1).max(999).optional(),
  open: z.enum(['true', 'false']).optional(),
});

/** `?confirm=true` accepts a change that drops live DAHDI calls. */
export const ConfirmQuery = z.object({ confirm: z.enum(['true', 'false']).optional() });
export const confirmed = (q: unknown): boolean => ConfirmQuery.parse(q).confirm === 'true';
export type ConfirmQuery = z.infer<typeof ConfirmQuery>;
