/**
 * The one error catalogue. Expected outcomes (bad input, not found, a channel
 * that already hung up) are AppErrors with a stable code; anything else is a bug
 * and is reported to clients as a bare 500 without details.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'apply_failed'
  | 'asterisk_unavailable'
  | 'timeout'
  | 'connection_lost';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  apply_failed: 422,
  asterisk_unavailable: 503,
  timeout: 504,
  connection_lost: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, opts: { field?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = STATUS[code];
    this.field = opts.field;
    this.details = opts.details;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const validation = (field: string, message: string) => new AppError('validation', message, { field });

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
