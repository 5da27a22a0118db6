import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { unsafeTextAnd } from '../kit/text.js';

export interface Mailbox {
  extension: string;
  pin: string;
  name: string;
}

/**
 * Characters that would break `<ext> => <pin>,<name>,...` in voicemail.conf:
 * the field separator, the config comment and escape characters, section
 * brackets, option separators, quotes and anything that looks like a variable
 * (and, as everywhere, controls, line separators and bidi controls).
 */
const UNSAFE_IN_NAME = new RegExp(unsafeTextAnd(',;|=[]"\'\\<>$&{}()').source, 'gu');

/** A seat name as a mailbox full name: unsafe characters become spaces, never pasted raw. */
export function mailboxName(name: string, fallback: string): string {
  const clean = name.replace(UNSAFE_IN_NAME, ' ').replace(/\s+/g, ' ').trim().slice(0, 64).trim();
  return clean || fallback;
}

/** hotline/voicemail_seats.conf, included inside [default]: one mailbox per seat, sorted. Pure. */
export function voicemailSeatsConf(boxes: Mailbox[]): string {
  const out = [banner('voicemail_seats.conf')];
  for (const b of [...boxes].sort((x, y) => x.extension.localeCompare(y.extension))) {
    const ext = assertConfigValue(b.extension, /^[0-9]{2,8}$/);
    const pin = assertConfigValue(b.pin, /^[0-9]{4,8}$/);
    const name = assertConfigValue(
      mailboxName(b.name, ext),
      /^[^\p{Cc},;|=[\]"'\\<>$&{}()\s](?:[^\p{Cc},;|=[\]"'\\<>$&{}()]{0,62}[^\p{Cc},;|=[\]"'\\<>$&{}()\s])?$/u,
    );
    out.push(`${ext} => ${pin},${name}`);
  }
  out.push('');
  return out.join('\n');
}
