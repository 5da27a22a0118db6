import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import type { Access } from '../users/auth.js';
import type { Health } from './health.js';
import type { Operations } from './operations.js';
import {
  AlarmHistoryQuery,
  CardInput,
  ConfirmQuery,
  DahdiSettings,
  LocationParam,
  PortParam,
  SpanSettings,
} from './schema.js';
import type { HardwareService } from './service.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const confirmDoc = 'A change that drops live E1 calls answers 409 unless `confirm=true`.';

/** /api/v1/hardware: detection, the card/port plan, health, alarm history, operations. */
export function hardwareRoutes(
  service: HardwareService,
  health: Health,
  ops: Operations,
  requireRole: RequireRole<Access>,
): ApiRouter<Access> {
  const location = (raw: unknown) => LocationParam.parse(raw);
  const confirmed = (q: ConfirmQuery) => q.confirm === 'true';
  const applied = () => ({ ok: true, lastApply: service.lastApply() });
  return apiRouter(requireRole)
    .route('get', '/', { summary: 'Detected cards and the configured plan', access: READERS }, () =>
      service.detect(),
    )
    .route(
      'get',
      '/health',
      {
        summary: 'Span health (alarms, D-channel, R2 circuits)',
        access: ['admin', 'supervisor', 'wallboard'],
      },
      () => ({ dahdi: health.dahdiPresent(), spans: health.spans() }),
    )
    .route(
      'get',
      '/alarms',
      {
        summary: 'Span alarm history',
        access: ['admin', 'supervisor', 'wallboard'],
        query: AlarmHistoryQuery,
      },
      ({ query: q }) => {
        const { items, total } = service.history(
          { span: q.span, open: q.open === undefined ? undefined : q.open === 'true' },
          q.limit,
          q.offset,
        );
        return {
          items: items.map((a) => ({ ...a, raisedAt: iso(a.raisedAt), clearedAt: iso(a.clearedAt) })),
          total,
          limit: q.limit,
          offset: q.offset,
        };
      },
    )
    .route(
      'put',
      '/cards/:location',
      {
        summary: 'Add or change a card in the plan',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        body: CardInput,
      },
      async (c) => {
        await service.putCard(location(c.req.params.location), c.body, c.actor(), confirmed(c.query));
        return applied();
      },
    )
    .route(
      'delete',
      '/cards/:location',
      {
        summary: 'Remove a card from the plan',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        status: 204,
      },
      (c) => service.removeCard(location(c.req.params.location), c.actor(), confirmed(c.query)),
    )
    .route(
      'put',
      '/ports/:location/:port',
      {
        summary: "A port's line settings",
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        body: SpanSettings,
      },
      async (c) => {
        const port = PortParam.parse(c.req.params.port);
        await service.putPort(location(c.req.params.location), port, c.body, c.actor(), confirmed(c.query));
        return applied();
      },
    )
    .route(
      'put',
      '/settings',
      {
        summary: 'System-wide DAHDI settings (tone zone)',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        body: DahdiSettings,
      },
      async (c) => {
        await service.putSettings(c.body, c.actor(), confirmed(c.query));
        return applied();
      },
    )
    .route(
      'post',
      '/channels/:channel/:op',
      { summary: 'A channel operation (block, unblock, restart, loopback)', access: ADMINS },
      (c) => ops.channelOp(c.req.params.channel, c.req.params.op, c.actor()),
    )
    .route(
      'put',
      '/spans/:span/trace',
      { summary: "Turn a span's signalling trace on or off", access: ADMINS },
      (c) => ops.setTrace(c.req.params.span, c.req.body, c.actor()),
    )
    .download(
      '/spans/:span/trace',
      { summary: "Download a span's signalling trace", access: ADMINS, produces: 'text/plain' },
      ({ req }) => {
        const file = ops.traceFile(req.params.span as string);
        return { filename: file.name, body: file.text };
      },
    );
}
