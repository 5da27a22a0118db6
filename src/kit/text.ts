import { z } from 'zod';

/**
 * Free text (客服一组 is fine) but one line: no C0/C1 controls, no line/paragraph
 * separators, no bidi overrides that would make a name render as something else.
 */
export const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The same for text of several lines: `\n`, `\r` and `\t` are allowed. */
export const UNSAFE_MULTILINE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

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
