import { type Request, Router } from 'express';
import { z } from 'zod';
import type { Principal } from '../http/principal.js';
import { idParam } from '../http/request.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import type { Access } from '../users/index.js';
import type { LiveHub } from './hub.js';
import { LiveSettingsInput, ThresholdsInput } from './schema.js';
import type { LiveSettings } from './service.js';
import { STREAMS_PER_USER, STREAMS_PER_WALLBOARD_OWNER, streamHolder } from './stream-cap.js';

/** GET /api/v1/live's query, for the reference only: the stream reads them itself. */
const StreamQuery = z.object({
  lastEventId: z
    .string()
    .optional()
    .describe(
      'Resume after this event (a page reload; EventSource sends the Last-Event-ID header on its own reconnects).',
    ),
  token: z.string().optional().describe('A wallboard token (EventSource cannot send headers).'),
});

/**
 * GET /api/v1/live (the event stream), wallboard thresholds per queue and
 * the banner settings. Mounted behind authenticate.
 */
export function liveRoutes(deps: {
  hub: LiveHub;
  settings: LiveSettings;
  requireRole: RequireRole<Access>;
}): ApiRouter<Access> {
  const { hub, settings, requireRole } = deps;
  const queueId = (req: Request) => idParam(req.params.queueId);

  return apiRouter<Access>(requireRole)
    .raw(
      'get',
      '/',
      {
        summary: 'The live state as a server-sent event stream (a snapshot, then deltas)',
        description:
          "Agents and wallboard tokens get callers' numbers masked (138****8000) unless the live settings' `showCallerNumbers` is on. " +
          `A user has at most ${STREAMS_PER_USER} streams open (sessions and API tokens together), ` +
          `a user's wallboard tokens ${STREAMS_PER_WALLBOARD_OWNER}; one more closes the oldest after an \`evicted\` event.`,
        access: ['admin', 'supervisor', 'agent', 'wallboard'],
        query: StreamQuery,
        produces: 'text/event-stream',
      },
      (req, res) => {
        // EventSource sends Last-Event-ID on its own reconnects; a page reload can pass it in the URL
        const header = req.headers['last-event-id'];
        const query = req.query['lastEventId'];
        const p = req.principal!;
        // like /calls, agents do not see every caller's number; nor does a wallboard in the hall
        const restricted = p.via === 'wallboard' || p.role === 'agent';
        hub.attach(res, typeof header === 'string' ? header : typeof query === 'string' ? query : undefined, {
          restricted,
          holder: streamHolder(p),
        });
      },
    )
    .route(
      'get',
      '/thresholds/:queueId',
      { summary: 'A queue’s wallboard thresholds', access: READERS },
      ({ req }) => settings.getThresholds(queueId(req)),
    )
    .route(
      'put',
      '/thresholds/:queueId',
      {
        summary: 'Set a queue’s wallboard thresholds',
        description:
          'Body: `{ slTargetPct: 1-100, longestWaitLimitSec: 1-3600 }` (the queue id is checked first).',
        access: READERS,
      },
      ({ req, actor }) => {
        const id = queueId(req);
        return settings.setThresholds(id, ThresholdsInput.parse(req.body ?? {}), actor());
      },
    )
    .route('get', '/settings', { summary: 'Live view settings', access: READERS }, () => settings.settings())
    .route(
      'put',
      '/settings',
      { summary: 'Change the live view settings', access: ADMINS, body: LiveSettingsInput },
      ({ body, actor }) => settings.setSettings(body, actor()),
    );
}

/**
 * Public pre-authentication for the stream only: the wallboard page is opened
 * as /wallboard?token=... and passes the same `token` to GET /api/v1/live
 * (EventSource cannot send headers). Only wallboard-scope tokens are accepted
 * in a URL; anything else falls through to the normal authentication (the
 * `wallboard_token` parameter it knows, cookies, bearer), which answers 401.
 * The token is never logged: nothing here logs, and the error handler logs
 * URLs only for 500s, which this path does not produce.
 */
export function liveTokenRouter(wallboardPrincipal: (token: string) => Principal | null): Router {
  const r = Router();
  r.get('/', (req, _res, next) => {
    const token = req.query['token'];
    if (!req.principal && req.headers.authorization === undefined && typeof token === 'string') {
      const p = wallboardPrincipal(token);
      if (p?.via === 'wallboard') req.principal = p;
    }
    next();
  });
  return r;
}
