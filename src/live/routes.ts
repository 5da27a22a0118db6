import { type RequestHandler, Router } from 'express';
import type { Principal } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import type { Access } from '../users/index.js';
import type { LiveHub } from './hub.js';
import { LiveSettingsInput, ThresholdsInput } from './schema.js';
import type { LiveSettings } from './service.js';

/**
 * GET /api/v1/live (the event stream), wallboard thresholds per queue and
 * the banner settings. Mounted behind authenticate.
 */
export function liveRoutes(deps: {
  hub: LiveHub;
  settings: LiveSettings;
  requireRole: (...roles: Access[]) => RequestHandler;
}): Router {
  const { hub, settings, requireRole } = deps;
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor', 'agent', 'wallboard'), (req, res) => {
    // EventSource sends Last-Event-ID on its own reconnects; a page reload can pass it in the URL
    const header = req.headers['last-event-id'];
    const query = req.query['lastEventId'];
    hub.attach(res, typeof header === 'string' ? header : typeof query === 'string' ? query : undefined);
  });

  r.get('/thresholds/:queueId', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(settings.getThresholds(idParam(req.params.queueId)));
  });

  r.put('/thresholds/:queueId', requireRole('admin', 'supervisor'), (req, res) => {
    const id = idParam(req.params.queueId);
    res.json(settings.setThresholds(id, ThresholdsInput.parse(req.body ?? {}), actorOf(req)));
  });

  r.get('/settings', requireRole('admin', 'supervisor'), (_req, res) => {
    res.json(settings.settings());
  });

  r.put('/settings', requireRole('admin'), (req, res) => {
    res.json(settings.setSettings(LiveSettingsInput.parse(req.body ?? {}), actorOf(req)));
  });

  return r;
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
