import type { TLSSocket } from 'node:tls';
import { apiRouter, type RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { SeatService } from '../seats/index.js';
import { CredentialsQuery, deskCredentials, requestOrigin } from './credentials.js';

/**
 * Browser phones (/api/v1/webrtc): the signed-in user's own browser seat's
 * SIP credentials for the desk. The SIP websocket itself is on the HTTPS
 * listener (src/http/https.ts).
 */
export function createWebrtc(deps: {
  seats: Pick<SeatService, 'findByExtension'>;
  seatOfUser: (id: number) => string | null;
  /** The HTTPS listener's port (known once it listens). */
  httpsPort: () => number;
  requireRole: RequireRole;
}): HotlineModule<null> {
  const api = apiRouter(deps.requireRole).route(
    'get',
    '/credentials',
    {
      summary: "Your own browser seat's SIP credentials for the desk phone",
      description:
        'Only the seat linked to the signed-in user, and only when it is an enabled wss seat (404 otherwise); naming another extension is a 403 for every role.',
      access: 'signed-in',
      query: CredentialsQuery,
    },
    ({ req, res, query }) => {
      const creds = deskCredentials({
        ownSeat: deps.seatOfUser(req.principal!.userId),
        asked: query.extension,
        findSeat: deps.seats.findByExtension,
        origin: requestOrigin(
          req.headers.host,
          Boolean((req.socket as TLSSocket).encrypted),
          deps.httpsPort(),
        ),
      });
      res.set('Cache-Control', 'no-store');
      return creds;
    },
  );
  return { name: 'webrtc', service: null, routes: [mount('/webrtc', api)] };
}
