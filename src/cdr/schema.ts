import { z } from 'zod';
import type { Page } from '../kit/list.js';

/**
 * CDR(disposition) of a CDR hotlined wrote for a call Asterisk lost: Asterisk
 * writes a call's CDRs when it ends, so a call up when Asterisk dies (SIGKILL,
 * a crash, power) leaves none in the spool and no closing queue_log line (lost.ts).
 */
export const LOST = 'LOST';

/** The values Asterisk writes to CDR(disposition), and LOST. */
export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION', 'LOST'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EPOCH = /^\d{1,12}(?:\.\d{1,9})?$/;

/**
 * A point in time as epoch seconds. Accepts epoch seconds ("1732359000",
 * "1732359000.5") or an ISO date/date-time. A date or date-time without an
 * offset is the box's local time, which is what a supervisor means by
 * "calls on 2024-11-23" (JavaScript alone would read a bare date as UTC).
 */
export const instant = z
  .string()
  .trim()
  .transform((s, ctx) => {
    let ms = Number.NaN;
    if (EPOCH.test(s)) ms = Number(s) * 1000;
    else if (ISO.test(s)) {
      const d = DATE_ONLY.exec(s);
      if (d) {
        const local = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
        // new Date(2024, 1, 30) quietly means 1 March.
        if (local.getMonth() === Number(d[2]) - 1 && local.getDate() === Number(d[3])) ms = local.getTime();
      } else ms = Date.parse(s.replace(' ', 'T'));
    }
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO date/date-time or epoch seconds' });
      return z.NEVER;
    }
    return ms / 1000;
  });

/** A dialled or calling number as Asterisk sees it: digits and the DTMF/E.164 extras. */
export const phoneNumber = z.string().regex(/^[0-9+*#]{1,32}$/, 'number must be 1 to 32 of 0-9 + * #');

type Period = { from?: number; to?: number };

/** A period's check, for `.refine(...fromBeforeTo)`: `from` before `to` when both are given. */
export const fromBeforeTo: [(q: Period) => boolean, { message: string; path: string[] }] = [
  (q) => q.from === undefined || q.to === undefined || q.from < q.to,
  { message: 'from must be before to', path: ['to'] },
];

/** Paging of the call history lists (CDRs, calls): 50 rows unless asked, at most 500. */
export const historyPaging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};

/** `disposition=BUSY`, `disposition=BUSY,FAILED` or the key repeated. */
const dispositionList = z.preprocess(
  (v) => {
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
    return parts.map((x) => (typeof x === 'string' ? x.trim().toUpperCase() : x));
  },
  z.array(z.enum(DISPOSITIONS)).min(1).max(DISPOSITIONS.length),
);

export const CdrListQuery = z
  .strictObject({
    /** Inclusive: calls that started at or after this instant. */
    from: instant.optional(),
    /** Exclusive: calls that started before this instant. */
    to: instant.optional(),
    /** Matches the calling (src) or the called (dst) number exactly. */
    number: phoneNumber.optional(),
    disposition: dispositionList.optional(),
    ...historyPaging,
  })
  .refine(...fromBeforeTo);
export type CdrListQuery = z.infer<typeof CdrListQuery>;

/** One CDR as the API shows it; times are ISO 8601 (UTC), durations whole seconds. */
export interface Cdr {
  id: number;
  startAt: string;
  answerAt: string | null;
  endAt: string | null;
  src: string;
  dst: string;
  clid: string;
  disposition: string;
  duration: number;
  billsec: number;
  channel: string;
  dstchannel: string;
  uniqueid: string;
  linkedid: string;
  /** CDR(userfield): e.g. `denied:class` when an outbound route refused the call. */
  userfield: string;
  /** CDR(did): the number the caller dialled, set by the inbound route at entry. */
  did: string;
  /** CDR(ivrpath): the menu path taken in hotlined's IVR, e.g. `main>2>sales`. */
  ivrpath: string;
  /** CDR(recording): the recording's path under the recordings root, if one was started. */
  recording: string;
}

export type CdrPage = Page<Cdr>;
