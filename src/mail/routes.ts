import { ADMINS, type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import {
  BounceReport,
  MailSettingsPut,
  MailTest,
  OutboxListQuery,
  TemplateCreate,
  TemplateListQuery,
  TemplateUpdate,
} from './schema.js';
import type { MailService } from './service.js';

/** Everything under /mail is the admin's: the server's login, what is mailed to customers, and to whom. */
export function mailRoutes(
  service: MailService,
  requireRole: RequireRole,
): { api: ApiRouter; templates: ApiRouter } {
  const api = apiRouter(requireRole)
    .route(
      'get',
      '/settings',
      { summary: 'The SMTP server settings (the password only as `passwordSet`)', access: ADMINS },
      () => service.settings(),
    )
    .route(
      'put',
      '/settings',
      {
        summary: 'Set the SMTP server: host, port, security, login, from address',
        description:
          'Stored only; nothing connects until a message or a test is sent. `password` left out keeps the stored one, `null` clears it.',
        access: ADMINS,
        body: MailSettingsPut,
      },
      ({ body, actor }) => service.saveSettings(body, actor()),
    )
    .route(
      'post',
      '/test',
      {
        summary: 'Send a test message now and answer what the server said',
        description:
          'Outside the outbox: `ok` false with the SMTP error when the server refused or could not be reached.',
        access: ADMINS,
        body: MailTest,
      },
      ({ body }) => service.testSend(body.to),
    )
    .route(
      'get',
      '/outbox',
      {
        summary: 'Messages queued, sent, bounced or failed, newest first',
        access: ADMINS,
        query: OutboxListQuery,
      },
      ({ query }) => service.outbox(query),
    )
    .route('get', '/outbox/:id', { summary: 'One outbox message', access: ADMINS }, ({ id }) =>
      service.message(id()),
    )
    .route(
      'post',
      '/bounces',
      {
        summary: 'Report a bounce: mark the message with this Message-ID bounced',
        description:
          'Either `messageId` (as hotlined set it, angle brackets optional) or `dsn`, a delivery status notification (RFC 3464) as text whose returned headers hold the Message-ID; its Diagnostic-Code becomes the reason.',
        access: ADMINS,
        body: BounceReport,
      },
      ({ body, actor }) => service.bounce(body, actor()),
    );
  const { templates } = service;
  const templateRoutes = apiRouter(requireRole).crud({
    noun: 'a mail template',
    service: { ...templates, list: (q) => templates.list(q) },
    schemas: { list: TemplateListQuery, create: TemplateCreate, update: TemplateUpdate },
    read: ADMINS,
    write: ADMINS,
  });
  return { api, templates: templateRoutes };
}
