import { z } from 'zod';

/**
 * What no text may hold besides C0/C1 controls: line and paragraph separators
 * (U+2028, U+2029; some readers break lines on them), bidi embeddings,
 * overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
 * U+061C), which make a name render as something else (`客服\u202E1001`
 * shows a reversed number: caller-ID spoofing), and lone surrogates, which
 * UTF-8 cannot store (they would come back as U+FFFD).
 */
const INVISIBLE = '\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\p{Cs}';

/**
 * Free text (客服一组 is fine) but one line: no C0/C1 controls (NUL, CR, LF,
 * U+0085 NEL...) and none of the invisible characters above.
 */
export const UNSAFE_TEXT = new RegExp(`[\\p{Cc}${INVISIBLE}]`, 'u');

/** The same for text of several lines: `\n`, `\r` and `\t` are allowed. */
export const UNSAFE_MULTILINE = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${INVISIBLE}]`,
  'u',
);

/**
 * UNSAFE_TEXT plus the ASCII characters a domain's config syntax gives a
 * meaning (quotes, `;`, `[`, `$`...): the one rule for text bound for a
 * config file, so no domain forgets the Unicode part.
 */
export function unsafeTextAnd(chars: string): RegExp {
  return new RegExp(`[\\p{Cc}${INVISIBLE}${chars.replace(/[\]\\^-]/g, '\\$&')}]`, 'u');
}

const LEGACY = new RegExp(`[\\u0080-\\u009f${INVISIBLE}]`, 'gu');

/**
 * A name as a generator writes it: without the characters above and C1
 * controls, which the API refuses now but records saved before it did not.
 * They are dropped rather than a reason to stop every apply (and hotlined's
 * start); ASCII controls were always refused, and stay fatal in
 * `assertConfigValue`.
 */
export const withoutInvisible = (s: string): string => s.replace(LEGACY, '');

/** A string field of one line of free text, trimmed. */
export const oneLine = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => !UNSAFE_TEXT.test(s), `${field} must not contain control characters`)
    .trim();

/**
 * A name shown on screen only: it never reaches a config file (Asterisk is
 * given the record's id), so it is about display, not quoting.
 */
export const displayName = (field = 'name') =>
  oneLine(field).min(1, `${field} is required`).max(64, `${field} must be at most 64 characters`);
