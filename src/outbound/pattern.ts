/**
 * Asterisk dial patterns, as far as outbound routes and the deny list use
 * them: exact numbers (`110`, `+8610…`) or `_` patterns built from digits,
 * `* # +`, the classes X (0-9) Z (1-9) N (2-9), sets `[13-9]`, the
 * readability dash, and a trailing `.` (one or more) or `!` (zero or more).
 * Nothing else is allowed: a pattern is pasted into `exten => <pattern>,1,…`,
 * so a comma, semicolon, parenthesis, `$` or blank would inject dialplan.
 */

const EXACT = /^[0-9*#+]{1,32}$/;
const PATTERN_CHARS = /^_[0-9*#+XZN.![\]-]+$/;
export const MAX_PATTERN_LENGTH = 40;

/** Why `p` is not an acceptable dial pattern, or null if it is. */
export function dialPatternProblem(p: string): string | null {
  if (p.length === 0) return 'pattern is empty';
  if (p.length > MAX_PATTERN_LENGTH) return `pattern may be at most ${MAX_PATTERN_LENGTH} characters`;
  if (!p.startsWith('_')) {
    return EXACT.test(p) ? null : 'an exact number is 1 to 32 of 0-9 * # +; a pattern starts with _';
  }
  if (!PATTERN_CHARS.test(p)) return 'a pattern is _ followed by 0-9 * # + X Z N . ! [ ] - only';
  let inSet = false;
  let setBody = '';
  let units = 0;
  for (let i = 1; i < p.length; i++) {
    const c = p[i]!;
    if (inSet) {
      if (c === '[') return 'brackets may not nest';
      if (c === ']') {
        const bad = setProblem(setBody);
        if (bad) return bad;
        inSet = false;
        units++;
        continue;
      }
      setBody += c;
      continue;
    }
    if (c === '[') {
      inSet = true;
      setBody = '';
    } else if (c === ']') {
      return 'unbalanced ]';
    } else if (c === '.' || c === '!') {
      if (i !== p.length - 1) return `${c} may only end a pattern`;
    } else if (c !== '-') {
      units++;
    }
  }
  if (inSet) return 'unbalanced [';
  if (units === 0) return 'a pattern needs at least one digit or class before . or !';
  return null;
}

/** A set holds digits and ascending digit ranges: [13-9]. */
function setProblem(body: string): string | null {
  if (body.length === 0) return 'empty [] in pattern';
  if (!/^(?:[0-9](?:-[0-9])?)+$/.test(body)) return 'a [] set holds digits and ranges like 3-9 only';
  for (const m of body.matchAll(/([0-9])-([0-9])/g)) {
    if (m[1]! > m[2]!) return `range ${m[1]}-${m[2]} is backwards`;
  }
  return null;
}

/** A validated pattern as a JavaScript RegExp with Asterisk's meaning (for previews and tests). */
export function patternRegExp(p: string): RegExp {
  if (!p.startsWith('_')) return new RegExp(`^${p.replace(/[*+]/g, (c) => `\\${c}`)}$`);
  let re = '';
  for (let i = 1; i < p.length; i++) {
    const c = p[i]!;
    if (c === '[') {
      const end = p.indexOf(']', i);
      re += `[${p.slice(i + 1, end)}]`;
      i = end;
    } else if (c === 'X') re += '[0-9]';
    else if (c === 'Z') re += '[1-9]';
    else if (c === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '-') continue;
    else re += c === '*' || c === '+' ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

export const patternMatches = (p: string, number: string): boolean => patternRegExp(p).test(number);

/**
 * The one form the deny list is written in and matched against: the number
 * as a phone in China dials it. `+` becomes the international prefix 00; a
 * call to China itself (0086…) becomes national (0 + area code), and a
 * mobile written with the trunk prefix (013…) loses it. So +1900…, 001900…
 * both read 001900…; +8610 168…, 008610168…, 010168… read 010168…
 * The dialplan ([hotline-outbound-canon], confgen.ts) does the same steps.
 */
export function canonicalNumber(dialled: string): string {
  let n = dialled.replace(/[^0-9*#+]/g, '');
  if (n.startsWith('+')) n = `00${n.slice(1)}`;
  if (n.startsWith('0086')) n = `0${n.slice(4)}`;
  if (/^01[3-9][0-9]{9}$/.test(n)) n = n.slice(1);
  return n;
}
