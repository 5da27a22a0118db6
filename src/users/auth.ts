import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import type { Principal, Role } from '../http/principal.js';
import { WALLBOARD_TOKEN_PARAM } from '../kit/router.js';
import type { UsersService } from './service.js';

export const SESSION_COOKIE = 'hotline_session';

/** A role, or 'wallboard' for routes a read-only wallboard token may reach. */
export type Access = Role | 'wallboard';

/** The value of one cookie from a Cookie header (RFC 6265 §5.4 shape: `a=b; c=d`). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${id}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

const READ_ONLY = new Set(['GET', 'HEAD']);
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who a request's credentials name, or null: in order, an Authorization
 * bearer token (decisive: a bad one is null, never a fallback), the session
 * cookie, or a `?wallboard_token=` (only wallboard-scope tokens are accepted
 * in a URL, since URLs end up in histories and proxy logs).
 */
export function makePrincipalOf(service: UsersService): (req: Request) => Principal | null {
  return (req) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = BEARER.exec(auth);
      return m?.[1] ? service.principalFromToken(m[1]) : null;
    }
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    const fromSession = sid ? service.principalFromSession(sid) : null;
    if (fromSession) return fromSession;
    const wt = req.query[WALLBOARD_TOKEN_PARAM];
    if (typeof wt === 'string') {
      const p = service.principalFromToken(wt);
      return p?.via === 'wallboard' ? p : null;
    }
    return null;
  };
}

/** All a session with a temporary password may do: say who it is and set its own (logout is public). */
const BEFORE_OWN_PASSWORD = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password']);

/**
 * Sets req.principal (see makePrincipalOf) or answers 401. Wallboard
 * principals are read-only; a session whose password someone else chose gets
 * 403 (details.passwordChangeRequired) for anything but setting its own.
 */
export function makeAuthenticate(principalOf: (req: Request) => Principal | null): RequestHandler {
  return (req, _res, next) => {
    if (req.principal) return next();
    const principal = principalOf(req);
    if (!principal) return next(new AppError('unauthorized', 'authentication required'));
    if (principal.via === 'wallboard' && !READ_ONLY.has(req.method)) {
      return next(new AppError('forbidden', 'wallboard tokens are read-only'));
    }
    if (
      principal.mustChangePassword &&
      !BEFORE_OWN_PASSWORD.has(`${req.method} ${req.originalUrl.split('?')[0]}`)
    ) {
      return next(
        new AppError('forbidden', 'set your own password first (POST /api/v1/auth/password)', {
          field: 'password',
          details: { passwordChangeRequired: true },
        }),
      );
    }
    req.principal = principal;
    next();
  };
}

/** 401 without a principal; 403 unless its role (or 'wallboard' for wallboard tokens) is listed. */
export function requireRole(...allowed: Access[]): RequestHandler {
  const set = new Set<Access>(allowed);
  return (req, _res, next) => {
    const p = req.principal;
    if (!p) return next(new AppError('unauthorized', 'authentication required'));
    const ok = p.via === 'wallboard' ? set.has('wallboard') : set.has(p.role);
    next(ok ? undefined : new AppError('forbidden', 'not allowed for your role'));
  };
}
