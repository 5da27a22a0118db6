import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signature older or newer than this is refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SEC = 300;

/**
 * `X-Hotline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * with the integration's secret (the Stripe scheme: the timestamp is signed
 * with the body, so it cannot be changed to dodge the window).
 */
export function sign(secret: string, body: Buffer | string, at: number): string {
  const t = Math.floor(at / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** Why a signature header does not vouch for `body` at `now` (null: it does). */
export function signatureProblem(
  secret: string,
  header: string | undefined,
  body: Buffer,
  now: number,
): string | null {
  if (!header) return 'the X-Hotline-Signature header is missing';
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^[0-9]{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1))
    return 'the signature header is malformed';
  if (Math.abs(now / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SEC)
    return 'the signature timestamp is outside the allowed window';
  const want = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(want, Buffer.from(v1, 'hex')) ? null : 'the signature does not match the body';
}
