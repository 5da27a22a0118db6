/**
 * Keys whose values never reach the audit log, compared without case and
 * underscores (so `password_hash`, `passwordHash` and `PASSWORD` all match).
 */
const SECRET_KEYS = new Set([
  'secret',
  'password',
  'passphrase',
  'passwordhash',
  'token',
  'tokenhash',
  'idhash',
]);

export const REDACTED = '[redacted]';

const MAX_DEPTH = 8;

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replaceAll('_', ''));
}

/**
 * A JSON-safe deep copy with secret-named keys replaced. Cycles and very deep
 * nesting become markers instead of throwing: auditing must never fail a change.
 */
export function redact(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => walk(v, depth + 1, seen));
  } else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      obj[k] = isSecretKey(k) ? REDACTED : walk(v, depth + 1, seen);
    }
    out = obj;
  }
  seen.delete(value);
  return out;
}

/** JSON text for a before/after column; null when there is nothing to store. */
export function redactedJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(redact(value)) ?? null;
}
