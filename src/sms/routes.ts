import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { SendBody, SmsListQuery, SmsSettingsBody } from './schema.js';
import type { SmsService } from './service.js';

/** /api/v1/sms: staff send and read; supervisors see the modem; admins set it up. */
export function smsRoutes(service: SmsService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/modem',
      { summary: "The modem's health: SIM, registration, signal (CSQ), operator", access: READERS },
      () => service.modem(),
    )
    .route('get', '/settings', { summary: "The modem's serial device, speed and SMSC", access: ADMINS }, () =>
      service.settings(),
    )
    .route(
      'put',
      '/settings',
      {
        summary: "Sets the modem's serial device, speed and SMSC (the modem is reopened)",
        access: ADMINS,
        body: SmsSettingsBody,
      },
      ({ body, actor }) => service.setSettings(body, actor()),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Sends an SMS through the modem',
        description:
          'Queued at once (202) with its id and the number of parts: Chinese text goes as UCS2, 70 ' +
          'characters in one SMS or 67 per part; other text in the GSM 7-bit alphabet, 160 or 153. At most ' +
          '10 parts. A delivery report marks it `delivered`. 409 when the number replied TD / 退订.',
        access: STAFF,
        body: SendBody,
        status: 202,
      },
      ({ body, actor }) => service.send(body, actor()),
    )
    .route(
      'get',
      '/',
      {
        summary: 'SMS sent and received (filters: direction, status, number)',
        access: READERS,
        query: SmsListQuery,
      },
      ({ query }) => service.list(query),
    )
    .route('get', '/:id', { summary: 'One SMS', access: READERS }, ({ id }) => service.get(id()));
}
