import type { RequestHandler } from 'express';
import { Router } from 'express';
import { actorOf } from '../http/request.js';
import type { Access } from '../users/auth.js';
import type { Health } from './health.js';
import type { Operations } from './operations.js';
import {
  AlarmHistoryQuery,
  CardInput,
  confirmed,
  DahdiSettings,
  LocationParam,
  PortParam,
  SpanSettings,
} from './schema.js';
import type { HardwareService } from './service.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** /api/v1/hardware: detection, the card/port plan, health, alarm history, operations. */
export function hardwareRoutes(
  service: HardwareService,
  health: Health,
  ops: Operations,
  requireRole: (...roles: Access[]) => RequestHandler,
): Router {
  const r = Router();
  const read = requireRole('admin', 'supervisor');
  const admin = requireRole('admin');
  const location = (raw: unknown) => LocationParam.parse(raw);

  r.get('/', read, async (_req, res) => {
    res.json(await service.detect());
  });

  r.get('/health', requireRole('admin', 'supervisor', 'wallboard'), (_req, res) => {
    res.json({ dahdi: health.dahdiPresent(), spans: health.spans() });
  });

  r.get('/alarms', requireRole('admin', 'supervisor', 'wallboard'), (req, res) => {
    const q = AlarmHistoryQuery.parse(req.query);
    const { items, total } = service.history(
      { span: q.span, open: q.open === undefined ? undefined : q.open === 'true' },
      q.limit,
      q.offset,
    );
    res.json({
      items: items.map((a) => ({ ...a, raisedAt: iso(a.raisedAt), clearedAt: iso(a.clearedAt) })),
      total,
      limit: q.limit,
      offset: q.offset,
    });
  });

  r.put('/cards/:location', admin, async (req, res) => {
    await service.putCard(
      location(req.params.location),
      CardInput.parse(req.body),
      actorOf(req),
      confirmed(req.query),
    );
    res.json({ ok: true, lastApply: service.lastApply() });
  });

  r.delete('/cards/:location', admin, async (req, res) => {
    await service.removeCard(location(req.params.location), actorOf(req), confirmed(req.query));
    res.status(204).end();
  });

  r.put('/ports/:location/:port', admin, async (req, res) => {
    const port = PortParam.parse(req.params.port);
    await service.putPort(
      location(req.params.location),
      port,
      SpanSettings.parse(req.body),
      actorOf(req),
      confirmed(req.query),
    );
    res.json({ ok: true, lastApply: service.lastApply() });
  });

  r.put('/settings', admin, async (req, res) => {
    await service.putSettings(DahdiSettings.parse(req.body), actorOf(req), confirmed(req.query));
    res.json({ ok: true, lastApply: service.lastApply() });
  });

  r.post('/channels/:channel/:op', admin, async (req, res) => {
    res.json(await ops.channelOp(req.params.channel, req.params.op, actorOf(req)));
  });

  r.put('/spans/:span/trace', admin, async (req, res) => {
    res.json(await ops.setTrace(req.params.span, req.body, actorOf(req)));
  });

  r.get('/spans/:span/trace', admin, (req, res) => {
    const file = ops.traceFile(req.params.span);
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.name}"`);
    res.send(file.text);
  });

  return r;
}
