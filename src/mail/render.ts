import { validation } from '../errors.js';
import { UNSAFE_TEXT } from '../kit/text.js';
import { type MailVars, PLACEHOLDER } from './schema.js';

/** The `{{name}}` placeholders of some texts, each once, in order of appearance. */
export function placeholders(...texts: (string | null)[]): string[] {
  const names = new Set<string>();
  for (const t of texts) for (const m of (t ?? '').matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names];
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export interface Rendered {
  subject: string;
  text: string;
  html: string | null;
}

/**
 * A template's texts with every `{{name}}` filled from `vars`. A placeholder
 * without a value refuses the send (400 naming `vars.<name>`) rather than
 * mailing a customer "尊敬的 ，": a missing value is the sender's bug. Values
 * are HTML-escaped in the HTML body, and one that would put a line break or
 * another control character into the subject (a header) is refused.
 */
export function render(t: { subject: string; text: string; html: string | null }, vars: MailVars): Rendered {
  const missing = placeholders(t.subject, t.text, t.html).filter((n) => !Object.hasOwn(vars, n));
  if (missing.length)
    throw validation(
      `vars.${missing[0]}`,
      `the template needs a value for ${missing.map((n) => `{{${n}}}`).join(', ')}`,
    );
  const fill = (s: string, esc: (v: string) => string) =>
    s.replace(PLACEHOLDER, (_, n: string) => esc(String(vars[n])));
  const subject = fill(t.subject, (v) => {
    if (UNSAFE_TEXT.test(v)) {
      const name = Object.keys(vars).find((k) => String(vars[k]) === v) ?? '';
      throw validation(
        `vars.${name}`,
        'a value used in the subject must be one line without control characters',
      );
    }
    return v;
  });
  return { subject, text: fill(t.text, (v) => v), html: t.html === null ? null : fill(t.html, escapeHtml) };
}
