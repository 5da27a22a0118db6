import { z } from 'zod';
import { exportFormat, MEDIA_TYPE, sendExport } from '../kit/export.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { IntegrationCreate, PreferencePut, RuleBody, RulePatch } from './schema.js';
import type { NotifyService } from './service.js';

const EventPage = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A delivery as one export cell: `HTTP 500，第 3 次：answered 500`. */
const lastDelivery = (
  d: { status: string; httpStatus: number | null; attempts: number; lastError: string | null } | undefined,
) =>
  d
    ? `${d.status} HTTP ${d.httpStatus ?? '—'}，${d.attempts} 次${d.lastError ? `：${d.lastError}` : ''}`
    : '';

/** POST /api/v1/events: public, vouched for by the integration's HMAC signature instead of a login. */
export function eventIntakeRoutes(service: NotifyService): ApiRouter {
  return apiRouter().route(
    'post',
    '/',
    {
      summary: 'Post a business event (signed with the integration’s secret)',
      description:
        'Headers: `X-Hotline-Integration: <id>` and `X-Hotline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. ' +
        'A timestamp more than 300 s away is refused (no replays). Body: `type`, `key` (idempotency: the same key twice is one event), ' +
        '`customerId` or `number`, `vars`. Answers the event and the actions its rules took.',
      access: 'public',
      body: z.unknown(),
    },
    ({ req }) =>
      service.receive(
        { integration: req.get('x-hotline-integration'), signature: req.get('x-hotline-signature') },
        (req as { rawBody?: Buffer }).rawBody,
      ),
  );
}

/** /api/v1/notify: rules, integrations, preferences, events and results. */
export function notifyRoutes(service: NotifyService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/rules', { summary: 'Notification rules', access: READERS }, () => service.rules.list())
    .route(
      'post',
      '/rules',
      { summary: 'Create a rule', access: ADMINS, body: RuleBody, status: 201 },
      ({ body, actor }) => service.rules.create(body, actor()),
    )
    .route('get', '/rules/:id', { summary: 'One rule', access: READERS }, ({ id }) => service.rules.get(id()))
    .route(
      'patch',
      '/rules/:id',
      { summary: 'Change a rule', access: ADMINS, body: RulePatch },
      ({ id, body, actor }) => service.rules.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/rules/:id',
      { summary: 'Delete a rule', access: ADMINS, status: 204 },
      ({ id, actor }) => service.rules.remove(id(), actor()),
    )
    .route(
      'get',
      '/integrations',
      { summary: 'Integrations allowed to post events', access: ADMINS },
      () => ({
        items: service.integrations.list(),
      }),
    )
    .route(
      'post',
      '/integrations',
      {
        summary: 'Create an integration; its secret is answered once',
        description: 'The box generates a 256-bit secret; it is never shown again.',
        access: ADMINS,
        body: IntegrationCreate,
        status: 201,
      },
      ({ body, actor }) => service.integrations.create(body.name, actor()),
    )
    .route(
      'post',
      '/integrations/:id/rotate',
      {
        summary: 'Give an integration a new secret, answered once; the old one stops working',
        access: ADMINS,
      },
      ({ id, actor }) => service.integrations.rotate(id(), actor()),
    )
    .route(
      'delete',
      '/integrations/:id',
      { summary: 'Delete an integration', access: ADMINS, status: 204 },
      ({ id, actor }) => service.integrations.remove(id(), actor()),
    )
    .route(
      'get',
      '/preferences/:id',
      { summary: 'A customer’s channel preference', access: READERS },
      ({ id }) => service.preference(id()),
    )
    .route(
      'put',
      '/preferences/:id',
      { summary: 'Set a customer’s channel order and e-mail address', access: READERS, body: PreferencePut },
      ({ id, body, actor }) => service.setPreference(id(), body, actor()),
    )
    .route(
      'get',
      '/events',
      { summary: 'Events received, newest first', access: READERS, query: EventPage },
      ({ query }) => service.events(query.limit, query.offset),
    )
    .route('get', '/events/:id', { summary: 'One event and its actions', access: READERS }, ({ id }) =>
      service.event(id()),
    )
    .route('get', '/results', { summary: 'Results per rule', access: READERS }, () => ({
      items: service.results(),
    }))
    .route(
      'get',
      '/results/export',
      {
        summary: 'Results per rule as CSV or XLSX',
        access: READERS,
        query: z.strictObject({ format: exportFormat }),
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ res, query }) => {
        type R = ReturnType<NotifyService['results']>[number];
        const col = (header: string, value: (r: R) => string | number) => ({ header, value });
        await sendExport(res, 'notification-results', {
          format: query.format,
          sheetName: '通知结果',
          columns: [
            col('规则', (r) => r.rule),
            col('事件', (r) => r.events),
            col('语音呼叫', (r) => r.voice.calls),
            col('接通', (r) => r.voice.connects),
            col('按键确认', (r) => Object.values(r.voice.confirmationsByKey).reduce((a, b) => a + b, 0)),
            col('转人工', (r) => r.voice.handOvers),
            col('短信发送', (r) => r.sms.sent),
            col('短信送达', (r) => r.sms.delivered),
            col('短信失败', (r) => r.sms.failed),
            col('邮件发送', (r) => r.email.sent),
            col('邮件退信', (r) => r.email.bounced),
            col('回电任务', (r) => r.tasks),
            col('退订', (r) => r.optOuts),
            col('Webhook 成功', (r) => r.webhook.sent),
            col('Webhook 失败', (r) => r.webhook.failed),
            col('Webhook 待重试', (r) => r.webhook.pending),
            col('最近一次 Webhook', (r) => lastDelivery(r.webhook.deliveries[0])),
            col('静默延后', (r) => r.delayed),
          ],
          pages: (async function* () {
            yield service.results();
          })(),
        });
      },
    );
}
