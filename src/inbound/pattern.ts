/**
 * Numbers an inbound route matches, in Asterisk extension syntax: an exact
 * number (digits, optionally a leading +) or a `_` pattern of digits, +,
 * X (0-9), Z (1-9), N (2-9), digit sets like [1-5], and a trailing `.` (one
 * or more) or `!` (zero or more). Anything else (a comma, parenthesis, `$`,
 * blank, `/`) would let a pattern write its own dialplan, and is refused.
 */
const EXACT = /^\+?[0-9]{1,24}$/;
const SET = String.raw`\[(?:[0-9](?:-[0-9])?)+\]`;
const PATTERN = new RegExp(String.raw`^_\+?(?:[0-9XZN]|${SET})+[.!]?$`);
export const MAX_NUMBER_PATTERN = 32;

export const isExact = (p: string) => !p.startsWith('_');

/** Why `p` is not an acceptable number or pattern, or null. */
export function numberPatternProblem(p: string): string | null {
  if (p.length === 0) return 'required';
  if (p.length > MAX_NUMBER_PATTERN) return `at most ${MAX_NUMBER_PATTERN} characters`;
  if (isExact(p))
    return EXACT.test(p)
      ? null
      : 'an exact number is digits with an optional leading +; a pattern starts with _';
  if (!PATTERN.test(p))
    return 'a pattern is _ then digits, +, X, Z, N, sets like [1-5], and an optional final . or !';
  for (const m of p.matchAll(/([0-9])-([0-9])/g)) {
    if ((m[1] ?? '') > (m[2] ?? '')) return `range ${m[1]}-${m[2]} is backwards`;
  }
  return null;
}

/** One position of a pattern: the characters it accepts, or a wildcard tail. */
type Token = { set: string } | { tail: '.' | '!' };

function tokens(p: string): Token[] {
  const out: Token[] = [];
  for (let i = 1; i < p.length; i++) {
    const c = p[i] ?? '';
    if (c === '.' || c === '!') out.push({ tail: c });
    else if (c === 'X') out.push({ set: '0123456789' });
    else if (c === 'Z') out.push({ set: '123456789' });
    else if (c === 'N') out.push({ set: '23456789' });
    else if (c === '[') {
      const end = p.indexOf(']', i);
      const body = p.slice(i + 1, end);
      let set = '';
      for (const m of body.matchAll(/([0-9])(?:-([0-9]))?/g)) {
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        for (let d = from; d <= to; d++) if (!set.includes(String(d))) set += String(d);
      }
      out.push({ set: [...set].sort().join('') });
      i = end;
    } else out.push({ set: c });
  }
  return out;
}

/** Whether `number` matches `p` as Asterisk would. */
export function numberMatches(p: string, number: string): boolean {
  if (isExact(p)) return p === number;
  const toks = tokens(p);
  let re = '^';
  for (const t of toks) {
    if ('tail' in t) re += t.tail === '.' ? '.+' : '.*';
    else re += `[${t.set.replace(/[+\]\\^-]/g, '\\$&')}]`;
  }
  return new RegExp(`${re}$`).test(number);
}

/**
 * Asterisk's ext_cmp order (pbx.c): exact numbers before patterns; patterns
 * compared position by position, the position accepting fewer characters
 * first (then the lower character), a pattern that ends first before one
 * that goes on, `.` and `!` after any character set. The first extension in
 * this order that matches the number (and the caller) takes the call.
 */
export function extCompare(a: string, b: string): number {
  const pa = !isExact(a);
  const pb = !isExact(b);
  if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa !== pb) return pa ? 1 : -1;
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; ; i++) {
    const wa = weight(ta[i]);
    const wb = weight(tb[i]);
    if (wa !== wb) return wa - wb;
    if (ta[i] === undefined) return 0;
    const sa = ta[i];
    const sb = tb[i];
    if (sa && sb && 'set' in sa && 'set' in sb && sa.set !== sb.set) return sa.set < sb.set ? -1 : 1;
  }
}

function weight(t: Token | undefined): number {
  if (t === undefined) return 0;
  if ('tail' in t) return t.tail === '.' ? 0x30000 : 0x40000;
  return t.set.length * 256 + (t.set.codePointAt(0) ?? 0);
}
