import { z } from 'zod';
import { AppError, notFound } from '../errors.js';
import { extension } from '../seats/schema.js';
import { SIP_WS_PATH } from './sip-proxy.js';

/** How long a browser gathers ICE candidates before it offers what it has (host candidates take milliseconds). */
export const ICE_GATHERING_TIMEOUT_MS = 1000;
/** REGISTER expiry the desk asks for: short, so a closed tab frees the seat soon. */
export const REGISTER_EXPIRES_S = 120;

/** Optional: the extension the caller believes is theirs; any other is refused (403), never answered. */
export const CredentialsQuery = z.strictObject({ extension: extension.optional() });
export type CredentialsQuery = z.infer<typeof CredentialsQuery>;

/** What the desk's SIP user agent (JsSIP) needs to register the signed-in user's browser seat. */
export interface DeskCredentials {
  extension: string;
  displayName: string;
  /** The SIP websocket on the same origin as the console, so one accepted certificate covers both. */
  wsUrl: string;
  sipUri: string;
  authorizationUser: string;
  password: string;
  registerExpires: number;
  /**
   * No STUN or TURN: the box and the browsers share a LAN, host candidates
   * are all ICE needs, and an unreachable STUN server would hold every call
   * set-up until gathering times out. The timeout bounds gathering anyway.
   */
  ice: { servers: never[]; gatheringTimeoutMs: number };
}

interface SeatLike {
  extension: string;
  name: string;
  secret: string;
  transport: string;
  enabled: boolean;
}

/**
 * The signed-in user's own browser seat's credentials. Only their own: a
 * user without a linked seat, or whose seat is not an enabled browser
 * (`wss`) seat, gets a 404; naming another extension is a 403 whatever the
 * role (admins read secrets through /seats, deliberately).
 */
export function deskCredentials(opts: {
  ownSeat: string | null;
  asked: string | undefined;
  findSeat: (ext: string) => SeatLike | undefined;
  origin: { host: string; port: number };
}): DeskCredentials {
  const { ownSeat, asked } = opts;
  if (asked !== undefined && asked !== ownSeat)
    throw new AppError('forbidden', 'only the credentials of your own seat are available here');
  if (ownSeat === null) throw notFound('a browser seat linked to this user');
  const seat = opts.findSeat(ownSeat);
  if (!seat?.enabled || seat.transport !== 'wss')
    throw new AppError('not_found', `seat ${ownSeat} is not an enabled browser (wss) seat`);
  const host = opts.origin.host.includes(':') ? `[${opts.origin.host}]` : opts.origin.host;
  return {
    extension: seat.extension,
    displayName: seat.name,
    wsUrl: `wss://${host}:${opts.origin.port}${SIP_WS_PATH}`,
    sipUri: `sip:${seat.extension}@${host}`,
    authorizationUser: seat.extension,
    password: seat.secret,
    registerExpires: REGISTER_EXPIRES_S,
    ice: { servers: [], gatheringTimeoutMs: ICE_GATHERING_TIMEOUT_MS },
  };
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?$/;

/**
 * Where the browser reaches the box: the host it used for this request
 * (the Host header, checked) and the HTTPS port. Over HTTPS the port is the
 * one it used; over plain HTTP the box's HTTPS port.
 */
export function requestOrigin(
  hostHeader: string | undefined,
  encrypted: boolean,
  httpsPort: number,
): { host: string; port: number } {
  const m = HOST.exec(hostHeader ?? '');
  if (!m)
    throw new AppError('validation', 'the Host header is not a host name or address', { field: 'host' });
  const host = (hostHeader ?? '').replace(/:[0-9]{1,5}$/, '').replace(/^\[|\]$/g, '');
  const port = encrypted && m[1] ? Number(m[1]) : encrypted ? 443 : httpsPort;
  return { host, port };
}
